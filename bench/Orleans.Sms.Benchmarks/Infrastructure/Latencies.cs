using System.Diagnostics;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>Latency samples in milliseconds, thread-safe; percentiles by nearest rank.</summary>
public sealed class Latencies
{
    private readonly Lock _gate = new();
    private readonly List<double> _samples = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _samples.Add(milliseconds);
        }
    }

    /// <summary>From a <see cref="Stopwatch.GetTimestamp"/> to another.</summary>
    public void AddSince(long startTimestamp, long endTimestamp) => Add(Millis(startTimestamp, endTimestamp));

    public static double Millis(long startTimestamp, long endTimestamp) =>
        (endTimestamp - startTimestamp) * 1000.0 / Stopwatch.Frequency;

    public double Percentile(double p)
    {
        double[] sorted;
        lock (_gate)
        {
            sorted = [.. _samples];
        }
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double P50 => Percentile(50);

    public double P99 => Percentile(99);
}
