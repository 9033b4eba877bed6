using Orleans.Configuration;

namespace Orleans.Sms.Conversations;

/// <summary>
/// The conversation's one durable timer: armed for the next due point <see cref="ReminderSchedule"/> decides and re-armed
/// lazily (activity only moves the due point later, so a busy conversation leaves its reminder alone and the early tick
/// re-arms it once). The tick only wakes the grain: every decision compares stored timestamps.
/// </summary>
internal sealed class SessionReminder(IGrainBase grain, IConversationHost host, SessionOptions sessionOptions, ReminderOptions reminderOptions)
{
    public const string Name = "session";

    private ConversationState S => host.State;

    /// <summary>The reminder repeats at the grace period: after the warning tick, the next tick is the timeout.</summary>
    public TimeSpan Period =>
        sessionOptions.GracePeriod > reminderOptions.MinimumReminderPeriod ? sessionOptions.GracePeriod : reminderOptions.MinimumReminderPeriod;

    /// <summary>A tick came: the registered reminder ticks next after its period.</summary>
    public void Ticked(DateTimeOffset now) => S.ReminderDueAt = now + Period;

    /// <summary>
    /// Makes the reminder tick by the due point <see cref="ReminderSchedule"/> decides, moving it only when it says so;
    /// no due point unregisters it. What it armed is in state, written with the next write.
    /// </summary>
    public async Task ArmAsync(DateTimeOffset now, bool onTick = false)
    {
        var desired = ReminderSchedule.DueAt(S, sessionOptions, host.BatchWindow, now, onTick);
        if (desired is null)
        {
            if (S.ReminderDueAt is not null)
            {
                if (await grain.GetReminder(Name) is { } reminder)
                {
                    await grain.UnregisterReminder(reminder);
                }
                S.ReminderDueAt = null;
            }
            return;
        }
        if (!ReminderSchedule.MustMove(S.ReminderDueAt, desired.Value, onTick))
        {
            return;
        }
        var due = desired.Value - now;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > OptionChecks.MaxTimer ? OptionChecks.MaxTimer : due;
        await grain.RegisterOrUpdateReminder(Name, due, Period);
        S.ReminderDueAt = now + due;
    }
}
