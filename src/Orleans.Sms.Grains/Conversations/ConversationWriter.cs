using Microsoft.Extensions.Logging;
using Orleans.Sms.Archive;
using Orleans.Sms.Events;
using Orleans.Sms.Messaging;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

/// <summary>
/// A conversation's state writes, in the one order every change takes: the directory's summary when what it lists has
/// changed, what must be stored before the state (<see cref="ConversationEffects"/>: the customer's opt-out, ended sessions'
/// rows; campaign notices become owed in the state), the state, then what waits for it (events, the campaign notices'
/// hand-over, the archive of an ended session). A failed write drops the activation (<see cref="IConversationHost.Drop"/>),
/// and what waited for it with it.
/// </summary>
internal sealed class ConversationWriter(
    IConversationHost host, IPersistentState<ConversationState> state, IConversationDirectory directory, IMessageArchive archive,
    IGrainFactory grains, ArchiveBehind archiveBehind, UsageHandOver usage, CampaignNoticeHandOver notices, SessionOptions sessionOptions,
    TimeProvider clock, ILogger logger)
{
    /// <summary>What decided the conversation's next steps at the last state write; null when not known.</summary>
    private Decisive? _written;

    private ConversationState S => state.State;

    /// <summary>What the conversation's decisions owe, waiting for the next write.</summary>
    public ConversationEffects Effects { get; } = new();

    /// <summary>Provider answers or delivery reports recorded since the last state write.</summary>
    public bool AnswersUnwritten { get; set; }

    /// <summary>Whether anything that decides the next steps, or anything owed to a write, changed since the last write.</summary>
    public bool ChangedSinceWrite => _written != Decisions() || Effects.BeforeWrite || Effects.AfterWrite;

    /// <summary>The next write is made even when nothing decisive seems changed (a reminder tick changed state).</summary>
    public void Forget() => _written = null;

    /// <summary>Writes the state, and first the directory's summary when what it lists has changed.</summary>
    public async Task SaveAsync()
    {
        if (S.Exists)
        {
            var summary = new ConversationSummary(
                host.Id, S.TenantId!, S.Environment, S.UseCaseId, S.AgentNumber, S.CustomerNumber, S.Status, S.AgentMode,
                S.Session?.ToView().State, S.Session?.StartedAt, SessionExpiresAt: SessionTimeline.LazyExpiry(S.Session, sessionOptions));
            if (summary != S.Listed)
            {
                await DropOnFailureAsync(() => directory.SaveAsync(summary));
                if (S.Listed is { } listed && listed.Status != summary.Status)
                {
                    Effects.Events.Add(ConversationEvent.StatusChanged(
                        S.TenantId!, host.Id, S.Session?.SessionId ?? "", clock.GetUtcNow(), summary.Status));
                }
                S.Listed = summary;
            }
        }
        await WriteAsync();
    }

    /// <summary>The state write: what must be stored before it, the write, then what waits for it.</summary>
    public async Task WriteAsync()
    {
        await RunBeforeWriteAsync();
        await DropOnFailureAsync(() => state.WriteStateAsync());
        usage.Book.Written();
        _written = Decisions();
        AnswersUnwritten = false;
        await RunAfterWriteAsync();
    }

    private async Task RunBeforeWriteAsync()
    {
        if (Effects.OptedOut is { } optedOut)
        {
            await grains.Reference<IRecipientGrain>(IRecipientGrain.KeyFor(S.UseCaseId, S.CustomerNumber)).SetOptedOutAsync(optedOut); // twice is harmless
            Effects.OptedOut = null;
        }
        foreach (var ended in Effects.EndedSessions)
        {
            await archive.SaveSessionAsync(host.Id, ended);
        }
        Effects.EndedSessions.Clear();
        notices.OweFrom(Effects); // owed in the write that records why, told after it
    }

    private async Task RunAfterWriteAsync()
    {
        notices.Schedule();
        if (!Effects.AfterWrite)
        {
            return;
        }
        var (events, archiveNow) = (Effects.Events.ToList(), Effects.ArchiveNow);
        Effects.Clear();
        foreach (var e in events)
        {
            if (e.Kind == ConversationEventKind.SessionEnded)
            {
                logger.LogInformation("Conversation {ConversationId} session {SessionId} ended: {Reason}", host.Id, e.SessionId, e.EndReason);
            }
            await host.PublishAsync(e);
        }
        if (archiveNow)
        {
            archiveBehind.Schedule(now: true); // the ended session's messages go to the archive together, after this call
        }
    }

    /// <summary>
    /// Runs a write of this conversation's (state or directory row); a failure drops the activation, whoever wrote (a call,
    /// a timer): the state held here is no longer known to match storage's (a write may be stored without the grain
    /// learning it, which also leaves its ETag behind).
    /// </summary>
    private async Task DropOnFailureAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex)
        {
            host.Drop(ex);
            throw;
        }
    }

    /// <summary>What decides the conversation's next steps now (compared with <see cref="_written"/>).</summary>
    private Decisive Decisions() => new(
        S.Status, S.AgentMode, S.Session?.SessionId, S.Session?.EndedAt, S.Session?.WarningSentAt, S.Session?.LastActivityAt,
        S.PendingTurn, S.HelpOwed, S.ReminderDueAt, S.Unsettled.Count, S.Unsettled.Sum(u => u.Sends + u.Lookups));

    /// <summary>
    /// The part of state that decides what the conversation does next. Not in it: hints a later write may carry (a
    /// provider's answer, which its status callback also brings; the archive's progress).
    /// </summary>
    private readonly record struct Decisive(
        ConversationStatus Status, bool AgentMode, string? SessionId, DateTimeOffset? EndedAt, DateTimeOffset? WarningSentAt,
        DateTimeOffset? LastActivityAt, PendingAgentTurn? PendingTurn, bool HelpOwed, DateTimeOffset? ReminderDueAt,
        int Unsettled, int UnsettledSteps);
}
