using Orleans.Sms.Benchmarks.Infrastructure;

namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>Where the probes report their ticks (a singleton of the silo).</summary>
public sealed class ReminderProbeLog
{
    public Latencies Lateness { get; } = new();

    public int Ticks => Lateness.Count;
}
