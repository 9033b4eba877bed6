namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>What a load phase did: acknowledged and failed requests, how long it took, the latencies of the acknowledged ones.</summary>
public sealed record class LoadResult(long Ok, long Failed, TimeSpan Elapsed, Latencies Latencies, string? FirstFailure)
{
    public double Rate => Ok / Elapsed.TotalSeconds;
}
