using System.Diagnostics;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>What every benchmark gets: the mode and a timestamped progress log (stderr, so stdout stays the report).</summary>
public sealed class BenchContext(bool smoke)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>A few seconds per benchmark, to prove it runs (CI); the figures are not meant to be quoted.</summary>
    public bool Smoke { get; } = smoke;

    /// <summary>Picks the full-mode or smoke-mode value.</summary>
    public T Pick<T>(T full, T smoke) => Smoke ? smoke : full;

    public void Log(string line) => Console.Error.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.0}s] {line}");
}
