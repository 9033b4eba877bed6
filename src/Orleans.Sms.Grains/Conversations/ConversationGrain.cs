using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Sms.Agents;
using Orleans.Sms.Archive;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Events;
using Orleans.Sms.Telemetry;
using Orleans.Sms.Usage;
using Orleans.Sms.Messaging;
using Orleans.Sms.Providers;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Conversations;

/// <summary>
/// One conversation (agent number, customer number). Non-reentrant: messages of a pair are handled in order.
/// The grain records first and acknowledges; agent turns and timers run after the acknowledgement.
/// </summary>
internal sealed partial class ConversationGrain(
    [PersistentState("conversation", SmsStorage.State)] IPersistentState<ConversationState> state,
    IMessageArchive archive,
    IConversationDirectory directory,
    ISmsSender sender,
    IAgentDirectory agents,
    IOptions<SessionOptions> sessionOptions,
    IOptions<AgentOptions> agentOptions,
    IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SmsClock.Key)] TimeProvider clock,
    SmsMetrics metrics,
    ILogger<ConversationGrain> logger) : Grain, IConversationEngineGrain, IRemindable
{
    private ConversationState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.ConversationDeactivated();
        try
        {
            // Not after a failed call: what this activation holds may not be stored. Provider answers are written first.
            await ArchiveOwedAsync();
        }
        catch (Exception ex)
        {
            metrics.ArchiveFailed();
            logger.LogWarning(ex, "Archiving conversation {ConversationId} on deactivation failed; its state still lists the messages", Id);
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        metrics.ConversationActivated();
        AdoptSendsInDoubt();
        _turnMayBeLost = S.PendingTurn is { Parked: false };
        if (Model.ExpireLazily(clock.GetUtcNow()))
        {
            await SaveStateAsync(); // before any call sees the session as still active
        }
        ScheduleOwedWork();
    }

    public async Task<ReceiveOutcome> ReceiveAsync(InboundSms message, ConversationRoute route, InboundKeyword keyword = InboundKeyword.None)
    {
        var now = clock.GetUtcNow();
        if (S.Dedup.Find(message.ProviderMessageId) is { } seen)
        {
            return new(Id, seen.SessionId, seen.MessageId, Duplicate: true);
        }
        // Past its capacity the window forgets the oldest ids early: a miss is then confirmed against the archive.
        if (S.Dedup.MayHaveForgotten(now) && await archive.FindByProviderIdAsync(Id, message.ProviderMessageId) is { } archived)
        {
            return new(Id, archived.SessionId, archived.MessageId, Duplicate: true);
        }
        await CatchUpArchiveAsync(); // a failure here is a 5xx: the carrier retries

        var record = Model.Receive(message, route, keyword, now);
        await LearnBatchWindowAsync(); // before the turn is timed (reminder, timer), or the first turn waits the engine's window
        RecordUsage(new UsageDelta(1, record.Segments, 0, 0), now); // written with the message, handed over after
        await ArmReminderAsync(now);
        // The one write the acknowledgement waits for: from here the message is stored (the archive gets it later).
        await SaveStateAsync();
        metrics.Inbound();
        ScheduleOwedWork();
        ScheduleArchive();
        return new(Id, record.SessionId, record.MessageId, Duplicate: false);
    }

    public async Task<ConversationView?> GetAsync(ResourceOwner owner, int messageLimit = 100)
    {
        if (!OwnedBy(owner))
        {
            return null;
        }
        // Recent messages may be newer in state than in the archive (an answer not archived yet): state wins.
        var archived = await archive.ReadAsync(Id, sessionId: null, messageLimit);
        // Not archived yet are only the newest (just sent), so they go last; the archive's order is kept.
        var recent = S.Recent.ToDictionary(m => m.MessageId);
        var ids = archived.Select(m => m.MessageId).ToHashSet();
        var after = archived.Count == 0 ? 0 : S.Recent.FindIndex(m => m.MessageId == archived[^1].MessageId) + 1;
        var messages = archived.Select(m => recent.GetValueOrDefault(m.MessageId) ?? m)
            .Concat(S.Recent.Skip(after).Where(m => !ids.Contains(m.MessageId)))
            .TakeLast(messageLimit).ToList();
        return View(messages);
    }

    public async Task<IReadOnlyList<SessionView>?> GetSessionsAsync(ResourceOwner owner)
    {
        if (!OwnedBy(owner))
        {
            return null;
        }
        // The archive holds each session once it ended; the live one comes from state.
        var sessions = (await archive.ReadSessionsAsync(Id)).ToList();
        if (S.Session is { } current)
        {
            sessions.RemoveAll(s => s.SessionId == current.SessionId);
            sessions.Add(SessionTimeline.ViewAt(current, sessionOptions.Value, clock.GetUtcNow())!);
        }
        return sessions;
    }

    public async Task<ConversationView?> UpdateAsync(ResourceOwner owner, ConversationUpdate update)
    {
        if (!OwnedBy(owner))
        {
            return null;
        }
        S.Status = update.Status ?? S.Status;
        S.AgentMode = update.AgentMode ?? S.AgentMode;
        if (!S.AgentMode)
        {
            S.PendingTurn = null;
        }
        await SaveStateAsync();
        return View(S.Recent);
    }

    /// <summary>The decisions on this conversation's state; what they ask for waits in <see cref="_effects"/> for the next write.</summary>
    private ConversationModel Model => new(S, Id, sessionOptions.Value, _effects, Usage);

    private readonly ConversationEffects _effects = new();

    /// <summary>Writes the state, and first the directory's summary when what it lists has changed.</summary>
    private async Task SaveStateAsync()
    {
        if (S.Exists)
        {
            var summary = new ConversationSummary(
                Id, S.TenantId!, S.Environment, S.UseCaseId, S.AgentNumber, S.CustomerNumber, S.Status, S.AgentMode,
                S.Session?.ToView().State, S.Session?.StartedAt, SessionExpiresAt: SessionTimeline.LazyExpiry(S.Session, sessionOptions.Value));
            if (summary != S.Listed)
            {
                await DropOnFailureAsync(() => directory.SaveAsync(summary));
                if (S.Listed is { } listed && listed.Status != summary.Status)
                {
                    _effects.Events.Add(ConversationEvent.StatusChanged(
                        S.TenantId!, Id, S.Session?.SessionId ?? "", clock.GetUtcNow(), summary.Status));
                }
                S.Listed = summary;
            }
        }
        await WriteAsync();
    }

    /// <summary>
    /// The state write, in the one order every change takes: what must be stored before it (<see cref="ConversationEffects"/>:
    /// the customer's opt-out, ended sessions' rows), the write, then what waits for it (events, campaign notices, the
    /// archive of an ended session).
    /// </summary>
    private async Task WriteAsync()
    {
        await RunBeforeWriteAsync();
        await DropOnFailureAsync(() => state.WriteStateAsync());
        Usage.Written();
        _written = Decisions();
        _answersUnwritten = false;
        await RunAfterWriteAsync();
    }

    private async Task RunBeforeWriteAsync()
    {
        if (_effects.OptedOut is { } optedOut)
        {
            await Recipient.SetOptedOutAsync(optedOut); // setting it twice is harmless
            _effects.OptedOut = null;
        }
        foreach (var ended in _effects.EndedSessions)
        {
            await archive.SaveSessionAsync(Id, ended);
        }
        _effects.EndedSessions.Clear();
    }

    private async Task RunAfterWriteAsync()
    {
        if (!_effects.AfterWrite)
        {
            return;
        }
        var (events, notice, deliveries, archiveNow) =
            (_effects.Events.ToList(), _effects.CampaignInbound, _effects.CampaignDeliveries.ToList(), _effects.ArchiveNow);
        _effects.Clear();
        foreach (var e in events)
        {
            if (e.Kind == ConversationEventKind.SessionEnded)
            {
                logger.LogInformation("Conversation {ConversationId} session {SessionId} ended: {Reason}", Id, e.SessionId, e.EndReason);
            }
            await PublishAsync(e);
        }
        CampaignNotices.Inbound(GrainFactory, notice, S.CustomerNumber, logger);
        foreach (var message in deliveries)
        {
            CampaignNotices.Delivery(GrainFactory, message, S.CustomerNumber, logger);
        }
        if (archiveNow)
        {
            ScheduleArchive(now: true); // the ended session's messages go to the archive together, after this call
        }
    }

    /// <summary>
    /// Runs a write of this conversation's (state or directory row); a failure drops the activation (<see cref="Drop"/>),
    /// whoever wrote (a call, a timer): the state held here is no longer known to match storage's (a write may be stored
    /// without the grain learning it, which also leaves its ETag behind).
    /// </summary>
    private async Task DropOnFailureAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex)
        {
            Drop(ex);
            throw;
        }
    }

    /// <summary>What decides the conversation's next steps now (compared with <see cref="_written"/>).</summary>
    private Decisive Decisions() => new(
        S.Status, S.AgentMode, S.Session?.SessionId, S.Session?.EndedAt, S.Session?.WarningSentAt, S.Session?.LastActivityAt,
        S.PendingTurn, S.HelpOwed, S.ReminderDueAt, S.Unsettled.Count, S.Unsettled.Sum(u => u.Sends + u.Lookups));

    /// <summary>What decided the conversation's next steps at the last state write; null when not known.</summary>
    private Decisive? _written;

    /// <summary>
    /// The part of state that decides what the conversation does next. Not in it: hints a later write may carry (a
    /// provider's answer, which its status callback also brings; the archive's progress).
    /// </summary>
    private readonly record struct Decisive(
        ConversationStatus Status, bool AgentMode, string? SessionId, DateTimeOffset? EndedAt, DateTimeOffset? WarningSentAt,
        DateTimeOffset? LastActivityAt, PendingAgentTurn? PendingTurn, bool HelpOwed, DateTimeOffset? ReminderDueAt,
        int Unsettled, int UnsettledSteps);

    /// <summary>
    /// Live events for the SDK subscribers of the conversation's owner (its tenant in its environment): one-way, after the
    /// change is durable, never failing the change.
    /// </summary>
    private Task PublishAsync(ConversationEvent e) => ConversationEvents.PublishAsync(GrainFactory, Owner, e, logger);

    /// <summary>The use case's batch window when known, else the engine's.</summary>
    private TimeSpan BatchWindow => S.BatchWindow ?? agentOptions.Value.BatchWindow;

    /// <summary>The conversation's owner: the tenant and the environment it was filed under (environments are walls).</summary>
    private ResourceOwner Owner => new(S.TenantId!, S.Environment);

    /// <summary>
    /// The conversation's in-memory waits (agent batch, send reconciliation, usage hand-over, archive, lost turn): fire once,
    /// at once when <paramref name="due"/> has passed, never interleaved with a call. Durable waits are the reminder's.
    /// </summary>
    private IGrainTimer OneShotTimer(Func<CancellationToken, Task> callback, TimeSpan due, bool keepAlive = true) =>
        this.RegisterGrainTimer(callback, OneShot(due, keepAlive));

    private static GrainTimerCreationOptions OneShot(TimeSpan due, bool keepAlive = true) =>
        new(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = keepAlive };

    /// <summary>The one ownership check of every read and change from outside: tenant and environment must both match.</summary>
    private bool OwnedBy(ResourceOwner owner) => S.Exists && owner.Owns(S.TenantId, S.Environment);

    /// <summary>
    /// The view leaves the grain: <see cref="ConversationView"/> is <c>[Immutable]</c>, so Orleans hands it over by reference
    /// and the caller serializes it while this grain goes on changing its state. It must never alias grain state: the
    /// messages are copied here, at the boundary.
    /// </summary>
    private ConversationView View(IEnumerable<SmsMessage> messages) => new(
        Id, S.AgentNumber, S.CustomerNumber, S.UseCaseId, S.Status, S.AgentMode,
        SessionTimeline.ViewAt(S.Session, sessionOptions.Value, clock.GetUtcNow()), messages.ToArray(), S.LastAgentFailure);
}
