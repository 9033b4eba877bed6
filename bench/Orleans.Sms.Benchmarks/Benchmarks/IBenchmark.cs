using Orleans.Sms.Benchmarks.Infrastructure;

namespace Orleans.Sms.Benchmarks.Benchmarks;

public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchContext context, BenchReport report);
}
