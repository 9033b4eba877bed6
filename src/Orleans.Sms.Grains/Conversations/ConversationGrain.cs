using System.Security.Cryptography;
using System.Text;
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
        if (await ExpireLazilyAsync(clock.GetUtcNow()))
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

        Adopt(route, agentNumber: message.To, customerNumber: message.From);
        if (S.Session is { } current && SessionTimeline.EndFoundBy(current, sessionOptions.Value, now) is { } reason)
        {
            await EndSessionAsync(reason, now);
        }
        var started = S.Session is not { IsActive: true };
        var session = started ? StartSession(now) : S.Session!;
        session.Engaged = true;
        session.LastActivityAt = now;
        session.WarningSentAt = null;

        var count = SegmentCount.Of(message.Body);
        var record = new SmsMessage(
            InboundMessageId(message.ProviderMessageId), session.SessionId, MessageDirection.Inbound, MessageRole.User,
            MessageSource.Inbound, message.Body, MessageTime(now), count.Segments, count.Encoding, message.ProviderMessageId,
            DeliveryStatus.Received, null, message.Media, message.MediaContentTypes);
        S.Dedup.Remember(message.ProviderMessageId, new SeenMessage(record.MessageId, session.SessionId, now), now);
        S.AddRecent(record);
        var campaignNotice = CampaignNotices.ForInbound(session, keyword);
        await ApplyKeywordAsync(keyword, session, started, record.MessageId, now);
        await LearnBatchWindowAsync(); // before the turn is timed (reminder, timer), or the first turn waits the engine's window
        RecordUsage(new UsageDelta(1, record.Segments, 0, 0), now); // written with the message, handed over after
        await ArmReminderAsync(now);
        // The one write the acknowledgement waits for: from here the message is stored (the archive gets it later).
        await SaveStateAsync();
        CampaignNotices.Inbound(GrainFactory, campaignNotice, S.CustomerNumber, logger);
        await PublishAsync(ConversationEvent.MessageAdded(S.TenantId!, Id, record));
        metrics.Inbound();
        ScheduleOwedWork();
        ScheduleArchive();
        return new(Id, session.SessionId, record.MessageId, Duplicate: false);
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
                var statusChanged = S.Listed is { } listed && listed.Status != summary.Status;
                S.Listed = summary;
                await WriteAsync();
                if (statusChanged)
                {
                    await PublishAsync(ConversationEvent.StatusChanged(
                        S.TenantId!, Id, S.Session?.SessionId ?? "", clock.GetUtcNow(), summary.Status));
                }
                return;
            }
        }
        await WriteAsync();
    }

    /// <summary>The state write alone.</summary>
    private async Task WriteAsync()
    {
        await DropOnFailureAsync(() => state.WriteStateAsync());
        Usage.Written();
        _written = Decisions();
        _answersUnwritten = false;
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

    private void Adopt(ConversationRoute route, string agentNumber, string customerNumber)
    {
        S.TenantId ??= route.TenantId;
        S.AgentNumber = agentNumber;
        S.CustomerNumber = customerNumber;
        if (S.UseCaseId != route.UseCaseId)
        {
            (S.NoAgent, S.BatchWindow, S.BatchWindowLearned) = (false, null, false);
        }
        S.UseCaseId = route.UseCaseId;
        S.Environment = route.Environment;
    }

    private async Task ApplyKeywordAsync(InboundKeyword keyword, SessionRecord session, bool started, string messageId, DateTimeOffset now)
    {
        switch (keyword)
        {
            case InboundKeyword.OptOut:
                // Before the write that acknowledges the message: a retry after a crash in between is a duplicate here,
                // so the opt-out must stand already (setting it twice is harmless).
                await Recipient.SetOptedOutAsync(true);
                S.Status = ConversationStatus.Dnc;
                await EndSessionAsync(SessionEndReason.OptedOut, now);
                break;
            case InboundKeyword.Help:
                S.HelpOwed = true;
                break;
            case InboundKeyword.OptIn or InboundKeyword.None:
                if (keyword == InboundKeyword.OptIn)
                {
                    await Recipient.SetOptedOutAsync(false); // as a STOP's, before the acknowledging write
                    S.Status = S.Status == ConversationStatus.Dnc ? ConversationStatus.InProgress : S.Status;
                }
                if (!S.AgentMode || S.NoAgent)
                {
                    break;
                }
                // START/YES/UNSTOP also mean something in the conversation ("Reply YES to book"): the agent sees them.
                S.PendingTurn = AgentTurnRules.Owe(S.PendingTurn, session, started, messageId, now);
                break;
        }
    }

    private string InboundMessageId(string providerMessageId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Id}|{providerMessageId}"));
        return "msg_" + Convert.ToHexStringLower(hash, 0, 16);
    }

    /// <summary>
    /// The time a new message is recorded at: now, or one tick after the newest message in state when the clock has
    /// not moved past it (the parts of one split reply, two messages within one clock tick, a clock set back). The
    /// archive orders a conversation by time, so this keeps messages in the order they were recorded in every
    /// storage mode (a table sorts equal times by message id, which is random).
    /// </summary>
    private DateTimeOffset MessageTime(DateTimeOffset now)
    {
        var newest = S.Recent.Count == 0 ? DateTimeOffset.MinValue : S.Recent.Max(m => m.Timestamp);
        return newest < now ? now : newest.AddTicks(1);
    }
}
