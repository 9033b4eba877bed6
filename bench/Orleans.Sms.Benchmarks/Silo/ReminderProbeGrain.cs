using System.Diagnostics;
using Orleans.Sms.Benchmarks.Infrastructure;

namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>Registers its reminder when armed; on the first tick notes how late it came and unregisters.</summary>
internal sealed class ReminderProbeGrain(ReminderProbeLog log) : Grain, IReminderProbeGrain, IRemindable
{
    private const string Name = "probe";

    private long _dueAt;

    public async Task ArmAsync(TimeSpan due, TimeSpan period)
    {
        _dueAt = Stopwatch.GetTimestamp() + (long)(due.TotalSeconds * Stopwatch.Frequency);
        await this.RegisterOrUpdateReminder(Name, due, period);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_dueAt != 0)
        {
            log.Lateness.Add(Latencies.Millis(_dueAt, Stopwatch.GetTimestamp()));
            _dueAt = 0;
        }
        if (await this.GetReminder(Name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
