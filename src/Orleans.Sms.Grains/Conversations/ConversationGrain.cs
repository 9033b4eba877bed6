using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Sms.Agents;
using Orleans.Sms.Archive;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Errors;
using Orleans.Sms.Events;
using Orleans.Sms.Messaging;
using Orleans.Sms.Providers;
using Orleans.Sms.Telemetry;
using Orleans.Sms.Tenants;
using Orleans.Sms.Usage;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

/// <summary>
/// One conversation (agent number, customer number). Non-reentrant: messages of a pair are handled in order. The grain
/// records first and acknowledges; agent turns and timers run after the acknowledgement. It runs the conversation: its
/// decisions are <see cref="ConversationModel"/>'s, its writes <see cref="ConversationWriter"/>'s, its sends
/// <see cref="SendPath"/>'s (and <see cref="SendReconciler"/>'s after the provider answered), its agent turns
/// <see cref="AgentTurns"/>', and what runs behind (archive, usage, reminder) the parts' named after it.
/// </summary>
internal sealed class ConversationGrain : Grain, IConversationEngineGrain, IConversationOpening, IConversationExpiry,
    IAgentTurnCallback, IRemindable, IIncomingGrainCallFilter, IConversationHost
{
    private readonly IPersistentState<ConversationState> _state;
    private readonly IMessageArchive _archive;
    private readonly SessionOptions _sessionOptions;
    private readonly AgentOptions _agentOptions;
    private readonly TimeProvider _clock;
    private readonly SmsMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ConversationWriter _writer;
    private readonly ArchiveBehind _archiveBehind;
    private readonly UsageHandOver _usage;
    private readonly CampaignNoticeHandOver _notices;
    private readonly SessionReminder _reminder;
    private readonly SendReconciler _reconciler;
    private readonly SenderPace _pace;
    private readonly SendPath _sends;
    private readonly AgentTurns _turns;
    private readonly SessionOpenings _openings;
    private readonly ConversationReads _reads;

    /// <summary>Set when a call failed after changing state: this activation's state may differ from storage's.</summary>
    private bool _stateSuspect;

    public ConversationGrain(
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
        ILogger<ConversationGrain> logger)
    {
        (_state, _archive, _clock, _metrics, _logger) = (state, archive, clock, metrics, logger);
        (_sessionOptions, _agentOptions) = (sessionOptions.Value, agentOptions.Value);
        _archiveBehind = new ArchiveBehind(this, archive, metrics, logger);
        _usage = new UsageHandOver(this, GrainFactory, logger);
        _notices = new CampaignNoticeHandOver(this, GrainFactory, LetGoWhenSettled, logger);
        _writer = new ConversationWriter(this, state, directory, archive, GrainFactory, _archiveBehind, _usage, _notices, _sessionOptions, clock, logger);
        _reminder = new SessionReminder(this, this, _sessionOptions, reminderOptions.Value);
        var provider = new ProviderCalls(sender, logger);
        _pace = new SenderPace(this, GrainFactory, clock, logger);
        _reconciler = new SendReconciler(this, provider, _pace, _usage, _reminder, _archiveBehind, clock, metrics, logger);
        _sends = new SendPath(this, GrainFactory, provider, _pace, _reconciler, _usage, _reminder, _archiveBehind, clock, logger);
        _turns = new AgentTurns(this, GrainFactory, _sends, _reminder, clock, metrics, logger);
        _reads = new ConversationReads(this, archive, _sessionOptions, clock);
        _openings = new SessionOpenings(this, GrainFactory, agents, _sends, _turns, _reminder, clock);
    }

    private ConversationState S => _state.State;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>The decisions on this conversation's state; what they ask for waits in the writer's effects for the next write.</summary>
    private ConversationModel Model => new(S, Id, _sessionOptions, _writer.Effects, _usage.Book);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _metrics.ConversationActivated();
        _reconciler.AdoptSendsInDoubt();
        _turns.Activated();
        if (Model.ExpireLazily(_clock.GetUtcNow()))
        {
            await _writer.SaveAsync(); // before any call sees the session as still active
        }
        ScheduleOwedWork();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _metrics.ConversationDeactivated();
        await _archiveBehind.WriteOnDeactivationAsync();
    }

    /// <summary>
    /// A call that fails may have changed state that was never written (or written without the grain learning it):
    /// the activation goes away, so the next call (the carrier's retry) starts again from what storage has.
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (context.InterfaceMethod?.IsDefined(typeof(ReadOnlyAttribute), inherit: true) != true)
        {
            Drop(ex); // a read that fails changed nothing: the activation (and a turn in flight) stays
            throw;
        }
    }

    public async Task<ReceiveOutcome> ReceiveAsync(InboundSms message, ConversationRoute route, InboundKeyword keyword = InboundKeyword.None)
    {
        var now = _clock.GetUtcNow();
        if (S.Dedup.Find(message.ProviderMessageId) is { } seen)
        {
            // Its first delivery may have been stored unacknowledged, its campaign's notice lost with that activation.
            _notices.OweInbound(CampaignNotices.ForRepeat(S.Session, seen.SessionId, keyword));
            _notices.Schedule();
            return new(Id, seen.SessionId, seen.MessageId, Duplicate: true);
        }
        // Past its capacity the window forgets the oldest ids early: a miss is then confirmed against the archive.
        if (S.Dedup.MayHaveForgotten(now) && await _archive.FindByProviderIdAsync(Id, message.ProviderMessageId) is { } archived)
        {
            return new(Id, archived.SessionId, archived.MessageId, Duplicate: true);
        }
        await _archiveBehind.CatchUpAsync(); // a failure here is a 5xx: the carrier retries

        var record = Model.Receive(message, route, keyword, now);
        await _turns.LearnBatchWindowAsync(); // before the turn is timed (reminder, timer), or the first turn waits the engine's window
        _usage.Record(new UsageDelta(1, record.Segments, 0, 0), now); // written with the message, handed over after
        await _reminder.ArmAsync(now);
        // The one write the acknowledgement waits for: from here the message is stored (the archive gets it later).
        await _writer.SaveAsync();
        // This number talked with the customer last: the service's next choice of a sender for them (one-way, after the write).
        await GrainFactory.Reference<IRecipientGrain>(IRecipientGrain.KeyFor(S.UseCaseId, S.CustomerNumber))
            .TalkedAsync(S.AgentNumber, reply: keyword is not (InboundKeyword.OptOut or InboundKeyword.OptIn));
        _metrics.Inbound();
        ScheduleOwedWork();
        _archiveBehind.Schedule();
        return new(Id, record.SessionId, record.MessageId, Duplicate: false);
    }

    public async Task<ConversationView?> GetAsync(ResourceOwner owner, int messageLimit = 100) =>
        OwnedBy(owner) ? await _reads.GetAsync(messageLimit) : null;

    public async Task<IReadOnlyList<SessionView>?> GetSessionsAsync(ResourceOwner owner) =>
        OwnedBy(owner) ? await _reads.GetSessionsAsync() : null;

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
        await _writer.SaveAsync();
        return _reads.View(S.Recent);
    }

    public Task<SmsResult<OutboundOutcome>> StartOutboundAsync(OutboundRequest request) => _openings.StartAsync(request);

    public Task<SmsResult<AgentTurn>> PrepareOpeningAsync(OutboundRequest request) => _openings.PrepareAsync(request);

    public Task<SmsResult<OutboundOutcome>> SendOpeningAsync(OutboundRequest request, AgentTurn turn, AgentReply reply) =>
        _openings.SendAsync(request, turn, reply);

    public async Task<SmsResult<OutboundOutcome>> ReplyAsync(ResourceOwner owner, string message)
    {
        if (!OwnedBy(owner))
        {
            return SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.NotFound, $"No conversation {Id}.");
        }
        if (await _sends.CheckAsync() is { } refused)
        {
            return SmsResult<OutboundOutcome>.Fail(refused);
        }
        var now = _clock.GetUtcNow();
        Model.ActiveOrNew(now).LastActivityAt = now;
        await _reminder.ArmAsync(now);
        var sent = await _sends.SendAsync(message, MessageRole.Agent, MessageSource.Manual, now, alreadyChecked: true);
        return SmsResult<OutboundOutcome>.Ok(_sends.Outcome(sent));
    }

    public async Task ReportDeliveryAsync(DeliveryReport report)
    {
        var found = DeliveryUpdate.FindRecent(S, report) ?? await _archive.FindByProviderIdAsync(Id, report.ProviderMessageSid);
        if (DeliveryUpdate.Of(S, found, report) is not { } update)
        {
            if (DeliveryUpdate.RepeatsFinal(found, report))
            {
                _notices.OweDelivery(found!);
                _notices.Schedule();
            }
            LetGoWhenSettled();
            return;
        }
        if (!update.InWindow)
        {
            await _archive.AppendAsync(Id, update.Message); // its only copy
        }
        Model.ApplyDelivery(update, _clock.GetUtcNow());
        if (!update.WritesNow)
        {
            _writer.AnswersUnwritten = true; // written before the archive takes the message, and by the next write
            return;
        }
        await _writer.SaveAsync(); // then the campaign's notice of a final status
        if (update.SlowsSender)
        {
            await _pace.SlowSenderAsync();
        }
        _archiveBehind.Schedule();
        LetGoWhenSettled();
    }

    /// <summary>
    /// A campaign keeps no activation per recipient: when the session a campaign opened is unanswered and every message
    /// of it has its final status, nothing here waits for anything (the archive is written on the way out), so the
    /// activation goes at once instead of idling for the collection age; a reply or a late report activates it again.
    /// </summary>
    private void LetGoWhenSettled()
    {
        if (S.Session is { } session && SessionTimeline.ExpiresLazily(session) && S.Unsettled.Count == 0 && S.PendingTurn is null && _notices.Settled
            && S.Recent.TrueForAll(m => m.SessionId != session.SessionId || m.Direction != MessageDirection.Outbound
                                        || DeliveryProgress.Rank(m.DeliveryStatus) >= DeliveryProgress.Rank(DeliveryStatus.Failed)))
        {
            DeactivateOnIdle();
        }
    }

    public Task CompleteAgentTurnAsync(string turnId, AgentReply? reply, string? failure) => _turns.CompleteAsync(turnId, reply, failure);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SessionReminder.Name)
        {
            return;
        }
        var now = _clock.GetUtcNow();
        _reminder.Ticked(now);
        _writer.Forget(); // this tick has changed state: it is written below, unless a step writes it first
        if (Model.Tick(now))
        {
            var useCase = await GrainFactory.Reference<IUseCaseGrain>(S.UseCaseId).GetAsync();
            await _sends.SendAsync(Model.WarningText(useCase?.WarningMessage), MessageRole.System, MessageSource.System, now);
        }
        await _turns.GiveUpOverdueAsync(now);
        await _reminder.ArmAsync(now, onTick: true);
        // The warning is written before it is sent: the tick writes again only when something that decides has changed since.
        if (_writer.ChangedSinceWrite)
        {
            await _writer.SaveAsync();
        }
        ScheduleOwedWork();
    }

    public async Task<SessionView?> CloseSessionAsync(ResourceOwner owner)
    {
        if (!OwnedBy(owner))
        {
            return null;
        }
        var now = _clock.GetUtcNow();
        Model.EndSession(SessionEndReason.Closed, now);
        await _reminder.ArmAsync(now);
        await _writer.SaveAsync();
        return S.Session?.ToView();
    }

    public async Task ExpireUnansweredAsync()
    {
        if (Model.ExpireLazily(_clock.GetUtcNow()))
        {
            await _writer.SaveAsync();
        }
        // Woken for this alone (a campaign's sweep wakes thousands): nothing keeps it once the session is over.
        if (S.Session is not { IsActive: true } && S.Unsettled.Count == 0 && S.PendingTurn is null)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>Arms every in-memory wait for work the state says is owed: reconciliation, usage, campaign notices, HELP, an agent turn.</summary>
    private void ScheduleOwedWork()
    {
        _reconciler.Schedule();
        _usage.Schedule(TimeSpan.Zero);
        _notices.Schedule();
        _turns.Schedule();
    }

    /// <summary>
    /// After a failed call or timer: the activation goes, and what waited for a write goes with it (nothing is told of a
    /// change storage may not have). The next call starts again from storage.
    /// </summary>
    private void Drop(Exception ex)
    {
        if (!_stateSuspect)
        {
            _logger.LogWarning(ex, "Conversation {ConversationId} failed a call; reloading its state from storage", Id);
        }
        _stateSuspect = true;
        _writer.Effects.Clear();
        DeactivateOnIdle();
    }

    /// <summary>The conversation's owner: the tenant and the environment it was filed under (environments are walls).</summary>
    private ResourceOwner Owner => new(S.TenantId!, S.Environment);

    /// <summary>The one ownership check of every read and change from outside: tenant and environment must both match.</summary>
    private bool OwnedBy(ResourceOwner owner) => S.Exists && owner.Owns(S.TenantId, S.Environment);

    string IConversationHost.Id => Id;
    ConversationState IConversationHost.State => S;
    ConversationModel IConversationHost.Model => Model;
    TimeSpan IConversationHost.BatchWindow => S.BatchWindow ?? _agentOptions.BatchWindow;
    ResourceOwner IConversationHost.Owner => Owner;
    bool IConversationHost.StateSuspect => _stateSuspect;
    bool IConversationHost.ChangedSinceWrite => _writer.ChangedSinceWrite;

    bool IConversationHost.AnswersUnwritten
    {
        get => _writer.AnswersUnwritten;
        set => _writer.AnswersUnwritten = value;
    }

    Task IConversationHost.SaveStateAsync() => _writer.SaveAsync();
    Task IConversationHost.WriteAsync() => _writer.WriteAsync();
    void IConversationHost.Drop(Exception ex) => Drop(ex);
    void IConversationHost.ScheduleOwedWork() => ScheduleOwedWork();

    /// <summary>
    /// Live events for the SDK subscribers of the conversation's owner (its tenant in its environment): one-way, after the
    /// change is durable, never failing the change.
    /// </summary>
    Task IConversationHost.PublishAsync(ConversationEvent e) => ConversationEvents.PublishAsync(GrainFactory, Owner, e, _logger);

    /// <summary>
    /// The conversation's in-memory waits (agent batch, send reconciliation, usage and campaign notice hand-overs, archive,
    /// lost turn): fire once, at once when <paramref name="due"/> has passed, never interleaved with a call unless
    /// <paramref name="interleave"/> (the campaign notices' hand-over). Durable waits are the reminder's.
    /// </summary>
    IGrainTimer IConversationHost.OneShotTimer(Func<CancellationToken, Task> callback, TimeSpan due, bool keepAlive, bool interleave) =>
        this.RegisterGrainTimer(callback, new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan)
        {
            Interleave = interleave,
            KeepAlive = keepAlive,
        });
}
