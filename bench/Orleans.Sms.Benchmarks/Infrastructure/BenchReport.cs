using System.Globalization;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>One benchmark's figures: each row the engine next to its baseline and their ratio, printed as a Markdown table.</summary>
public sealed class BenchReport(string name, bool smoke)
{
    private readonly List<(string Metric, string Engine, string Baseline, string Ratio, string Note)> _rows = [];
    private readonly List<string> _notes = [];

    /// <summary>A row with a ratio engine / baseline.</summary>
    public void Compare(string metric, double engine, double baseline, string unit, string format = "0.0", string note = "")
    {
        var ratio = baseline == 0 || double.IsNaN(engine) || double.IsNaN(baseline) ? "n/a" : (engine / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "x";
        _rows.Add((metric, Format(engine, unit, format), Format(baseline, unit, format), ratio, note));
    }

    /// <summary>A row without a baseline.</summary>
    public void Figure(string metric, string engine, string note = "") => _rows.Add((metric, engine, "", "", note));

    /// <summary>A row without a baseline.</summary>
    public void Figure(string metric, double engine, string unit, string format = "0.0", string note = "") =>
        Figure(metric, Format(engine, unit, format), note);

    public void Note(string note) => _notes.Add(note);

    public void Print(TimeSpan elapsed)
    {
        Console.WriteLine();
        Console.WriteLine($"### {name}{(smoke ? " (smoke: a few seconds, figures indicative only)" : "")} — {elapsed.TotalSeconds:0.0} s");
        Console.WriteLine();
        Console.WriteLine("| metric | engine | baseline | ratio | note |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        foreach (var row in _rows)
        {
            Console.WriteLine($"| {row.Metric} | {row.Engine} | {row.Baseline} | {row.Ratio} | {row.Note} |");
        }
        foreach (var note in _notes)
        {
            Console.WriteLine();
            Console.WriteLine(note);
        }
        Console.WriteLine();
    }

    private static string Format(double value, string unit, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : "");
}
