using Orleans.Sms.Tenants;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

// Sessions and their durable timer. One reminder per conversation, armed for the next due point
// and re-armed lazily: activity only moves the due point later, so a busy conversation leaves its
// reminder alone and the early tick re-arms it once. Every decision compares stored timestamps.
internal sealed partial class ConversationGrain : IConversationExpiry
{
    private const string SessionReminder = "session";

    /// <summary>The reminder repeats at the grace period: after the warning tick, the next tick is the timeout.</summary>
    private TimeSpan ReminderPeriod =>
        sessionOptions.Value.GracePeriod > reminderOptions.Value.MinimumReminderPeriod
            ? sessionOptions.Value.GracePeriod
            : reminderOptions.Value.MinimumReminderPeriod;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SessionReminder)
        {
            return;
        }
        var now = clock.GetUtcNow();
        S.ReminderDueAt = now + ReminderPeriod;
        _written = null; // this tick has changed state: it is written below, unless a step writes it first
        if (Model.Tick(now))
        {
            await SendWarningAsync(now);
        }
        await GiveUpOverdueTurnAsync(now);
        await ArmReminderAsync(now, onTick: true);
        // The warning is written before it is sent: the tick writes again only when something that decides has changed since.
        if (_written != Decisions())
        {
            await SaveStateAsync();
        }
        ScheduleOwedWork();
    }

    public async Task<SessionView?> CloseSessionAsync(ResourceOwner owner)
    {
        if (!OwnedBy(owner))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        Model.EndSession(SessionEndReason.Closed, now);
        await ArmReminderAsync(now);
        await SaveStateAsync();
        return S.Session?.ToView();
    }

    private async Task SendWarningAsync(DateTimeOffset now)
    {
        var useCase = await GrainFactory.Reference<IUseCaseGrain>(S.UseCaseId).GetAsync();
        await SendAsync(Model.WarningText(useCase?.WarningMessage), MessageRole.System, MessageSource.System, now);
    }

    /// <summary>
    /// Makes the reminder tick by the due point <see cref="ReminderSchedule"/> decides, moving it only when it says so;
    /// no due point unregisters it.
    /// </summary>
    private async Task ArmReminderAsync(DateTimeOffset now, bool onTick = false)
    {
        var desired = ReminderSchedule.DueAt(S, sessionOptions.Value, BatchWindow, now, onTick);
        if (desired is null)
        {
            if (S.ReminderDueAt is not null)
            {
                if (await this.GetReminder(SessionReminder) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
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
        await this.RegisterOrUpdateReminder(SessionReminder, due, ReminderPeriod);
        S.ReminderDueAt = now + due;
    }

    public async Task ExpireUnansweredAsync()
    {
        if (Model.ExpireLazily(clock.GetUtcNow()))
        {
            await SaveStateAsync();
        }
        // Woken for this alone (a campaign's sweep wakes thousands): nothing keeps it once the session is over.
        if (S.Session is not { IsActive: true } && S.Unsettled.Count == 0 && S.PendingTurn is null)
        {
            DeactivateOnIdle();
        }
    }
}
