using System.Diagnostics;
using Orleans.Sms.Benchmarks.Benchmarks;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Benchmarks.Serving;

namespace Orleans.Sms.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Orleans.Sms.Benchmarks -- &lt;name&gt;|all [--smoke]</c>. Not top-level
/// statements: the host's own <c>Program</c> is public and would clash with a second one.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case EngineServer.Command:
                return await EngineServer.RunAsync(args[1..]);
            case BareServer.Command:
                return await BareServer.RunAsync(args[1..]);
        }

        var smoke = args.Contains("--smoke");
        var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var selected = names is ["all"] ? [.. BenchmarkCatalog.All] : names.Select(BenchmarkCatalog.Find).ToList();
        if (names.Count == 0 || selected.Any(b => b is null))
        {
            Console.Error.WriteLine("usage: <name>|all [--smoke]   where name is one of: " + string.Join(", ", BenchmarkCatalog.All.Select(b => b.Name)));
            return 2;
        }

        var total = Stopwatch.StartNew();
        var context = new BenchContext(smoke);
        Console.WriteLine(MachineInfo.Describe());
        var failed = new List<string>();
        foreach (var benchmark in selected)
        {
            var report = new BenchReport(benchmark!.Name, smoke);
            var watch = Stopwatch.StartNew();
            context.Log($"== {benchmark.Name}{(smoke ? " (smoke)" : "")}: {benchmark.Description}");
            try
            {
                await benchmark.RunAsync(context, report);
            }
            catch (Exception ex)
            {
                failed.Add(benchmark.Name);
                report.Note($"FAILED: {ex}");
            }
            report.Print(watch.Elapsed);
        }
        Console.WriteLine($"Total: {total.Elapsed.TotalSeconds:0.0} s{(failed.Count > 0 ? $"; failed: {string.Join(", ", failed)}" : "")}");
        return failed.Count == 0 ? 0 : 1;
    }
}
