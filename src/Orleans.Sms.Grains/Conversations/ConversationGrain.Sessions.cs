using Microsoft.Extensions.Logging;
using Orleans.Sms.Agents;
using Orleans.Sms.Events;
using Orleans.Sms.Tenants;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

// Sessions and their durable timer. One reminder per conversation, armed for the next due point
// and re-armed lazily: activity only moves the due point later, so a busy conversation leaves its
// reminder alone and the early tick re-arms it once. Every decision compares stored timestamps.
internal sealed partial class ConversationGrain
{
    private const string SessionReminder = "session";

    /// <summary>How long after its batch window an owed agent turn is looked at again by the reminder.</summary>
    /// <remarks>Generous on purpose: every burst of messages after a quiet spell costs one early arm and one re-arm,
    /// and bursts within the margin share them. A batch lost with its silo is answered at most this much late.</remarks>
    private static readonly TimeSpan TurnSafetyMargin = TimeSpan.FromMinutes(5);

    /// <summary>How far a periodic tick may land before the due point and still count as on time.</summary>
    private static readonly TimeSpan ReminderTolerance = TimeSpan.FromSeconds(1);

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
        if (S.Session is { IsActive: true } session)
        {
            var (step, dueAt) = SessionTimeline.Next(session, sessionOptions.Value);
            if (now >= dueAt)
            {
                switch (step)
                {
                    case SessionStep.Warn:
                        await SendWarningAsync(session, now);
                        break;
                    case SessionStep.Timeout:
                        await EndSessionAsync(SessionEndReason.Timeout, now);
                        break;
                    case SessionStep.Expire:
                        await EndSessionAsync(SessionEndReason.Expired, now);
                        break;
                }
            }
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
        await EndSessionAsync(SessionEndReason.Closed, now);
        await ArmReminderAsync(now);
        await SaveStateAsync();
        return S.Session?.ToView();
    }

    /// <summary>A new current session. It lives in state; the archive gets its row when it ends (reads merge the two).</summary>
    private SessionRecord StartSession(DateTimeOffset now) => S.Session = NewSession(now);

    private static SessionRecord NewSession(DateTimeOffset now, string? sessionId = null) => new()
    {
        SessionId = sessionId ?? "ses_" + Guid.CreateVersion7().ToString("N"),
        StartedAt = now,
        LastActivityAt = now,
    };

    private async Task EndSessionAsync(SessionEndReason reason, DateTimeOffset now)
    {
        if (S.Session is not { IsActive: true } session)
        {
            return;
        }
        session.EndedAt = now;
        session.EndReason = reason;
        if (S.PendingTurn?.SessionId == session.SessionId)
        {
            S.PendingTurn = null;
        }
        await archive.SaveSessionAsync(Id, session.ToView());
        if (reason == SessionEndReason.Timeout && S.AgentMode && !S.NoAgent)
        {
            // The agent is told the session timed out (CONTRACT §10 warning_timeout); its reply is not sent.
            S.PendingTurn = new PendingAgentTurn(session.SessionId, AgentEvents.WarningTimeout, now, []);
        }
        ScheduleArchive(now: true); // the session's messages go to the archive together, after this call
        logger.LogInformation("Conversation {ConversationId} session {SessionId} ended: {Reason}", Id, session.SessionId, reason);
        await PublishAsync(ConversationEvent.SessionEnded(S.TenantId!, Id, session.SessionId, now, reason));
    }

    private async Task SendWarningAsync(SessionRecord session, DateTimeOffset now)
    {
        var useCase = await GrainFactory.GetGrain<IUseCaseGrain>(S.UseCaseId).GetAsync();
        var text = useCase?.WarningMessage
            ?? $"Are you still there? This conversation closes in {Describe(sessionOptions.Value.GracePeriod)} unless you reply.";
        // Recorded before the send: a repeated or late tick sees it and never warns twice.
        session.WarningSentAt = now;
        await SendAsync(text, MessageRole.System, MessageSource.System, now);
    }

    /// <summary>
    /// Makes the reminder tick by the session's next due point. Between ticks a reminder that ticks early is
    /// left alone (no write per message); on a tick it is moved to the due point, unless its next periodic
    /// tick already lands there (the warning tick: the timeout is one grace period later).
    /// </summary>
    private async Task ArmReminderAsync(DateTimeOffset now, bool onTick = false)
    {
        DateTimeOffset? desired = S.Session is { IsActive: true } session && !ExpiresLazily(session)
            ? SessionTimeline.Next(session, sessionOptions.Value).DueAt
            : null;
        if (S.PendingTurn is { Parked: false } pending)
        {
            // An owed agent turn must survive the loss of this silo: the reminder (which fires on a survivor) comes
            // back shortly after the batch window, and that tick runs the turn if it is still owed.
            var turnDue = pending.Since + BatchWindow + TurnSafetyMargin;
            if (onTick && turnDue < now + TurnSafetyMargin)
            {
                turnDue = now + TurnSafetyMargin; // this tick has just (re)started the turn: look again later, not at once
            }
            desired = desired is { } sessionDue && sessionDue < turnDue ? sessionDue : turnDue;
        }
        if (S.Unsettled.Count > 0)
        {
            // Likewise an owed send lookup or repeat (CONTRACT §20): its timer goes with this silo, the reminder does not.
            var sendDue = S.Unsettled.Min(u => u.DueAt) + TurnSafetyMargin;
            if (onTick && sendDue < now + TurnSafetyMargin)
            {
                sendDue = now + TurnSafetyMargin;
            }
            desired = desired is { } earlier && earlier < sendDue ? earlier : sendDue;
        }
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
        if (S.ReminderDueAt is { } armed && armed <= desired
            && (!onTick || desired.Value - armed < ReminderTolerance))
        {
            return;
        }
        var due = desired.Value - now;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > OptionChecks.MaxTimer ? OptionChecks.MaxTimer : due;
        await this.RegisterOrUpdateReminder(SessionReminder, due, ReminderPeriod);
        S.ReminderDueAt = now + due;
    }

    /// <summary>
    /// A session a campaign opened that the customer never answered ends (<c>expired</c>) when the conversation is next
    /// activated or written to, not on a reminder: a campaign to 100,000 people would otherwise store 100,000 reminders
    /// that all fire in the same minute, a resume window later. Once the customer writes, the session's reminder is armed.
    /// </summary>
    private static bool ExpiresLazily(SessionRecord session) => session is { Engaged: false, CampaignId: not null };

    /// <summary>Ends a lazily expiring session (<see cref="ExpiresLazily"/>) whose resume window has passed; true when it did.</summary>
    private async Task<bool> ExpireLazilyAsync(DateTimeOffset now)
    {
        if (S.Session is { IsActive: true } session && ExpiresLazily(session)
            && SessionTimeline.EndFoundBy(session, sessionOptions.Value, now) is { } reason)
        {
            await EndSessionAsync(reason, now);
            return true;
        }
        return false;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 && span.Minutes == 0 ? $"{(int)span.TotalHours} hour{(span.TotalHours >= 2 ? "s" : "")}"
        : span.TotalMinutes >= 1 ? $"{(int)Math.Round(span.TotalMinutes)} minute{(span.TotalMinutes >= 2 ? "s" : "")}"
        : $"{(int)Math.Ceiling(span.TotalSeconds)} seconds";
}
