namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>The baseline of the timers benchmark: a trivial grain that registers one reminder and records how late it ticks.</summary>
[Alias("bench.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithIntegerKey
{
    [Alias("ArmAsync")]
    Task ArmAsync(TimeSpan due, TimeSpan period);
}
