using Microsoft.Extensions.Logging;
using Orleans.Sms.Agents;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Errors;
using Orleans.Sms.Events;
using Orleans.Sms.Usage;
using Orleans.Sms.Messaging;
using Orleans.Sms.Numbers;
using Orleans.Sms.Pacing;
using Orleans.Sms.Providers;
using Orleans.Sms.Tenants;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Conversations;

// Every send goes through SendAsync: opt-out and sender compliance are checked first, the message is
// recorded durably before the provider sees it (a crash after the provider call never re-sends: the
// message id is the idempotency key, and the status callback carries it back), and the provider's
// answer or refusal is recorded on the message.
internal sealed partial class ConversationGrain : IConversationOpening
{
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(20);

    public async Task<SmsResult<OutboundOutcome>> StartOutboundAsync(OutboundRequest request)
    {
        if (SentBefore(request) is { } before)
        {
            return SmsResult<OutboundOutcome>.Ok(before); // asked again after a crash: never sent twice
        }
        if (request.Message is not { } message)
        {
            // Asking the agent here would hold this non-reentrant conversation (and its webhooks) for the agent's time.
            return SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.InvalidRequest,
                "An opening without 'message' is written by the agent through the outbound send (IOutboundGrain), not here.");
        }
        // Checked before the conversation takes the request's route: a refused send leaves nothing, not even in memory.
        if (await CheckSendAsync(request) is { } refused)
        {
            return SmsResult<OutboundOutcome>.Fail(refused);
        }
        Model.Adopt(request.Route, request.AgentNumber, request.CustomerNumber);
        S.ContextJson = AgentContext.Merge(S.ContextJson, request.ContextJson);
        var now = clock.GetUtcNow();
        return await OpenSessionAsync(request, [message], ConversationModel.NewSession(now), now);
    }

    public async Task<SmsResult<AgentTurn>> PrepareOpeningAsync(OutboundRequest request)
    {
        // Nothing changes here, in state or in memory: the opening is sent (and the route taken) by SendOpeningAsync.
        if (await CheckSendAsync(request) is { } refused)
        {
            return SmsResult<AgentTurn>.Fail(refused);
        }
        var useCase = await GrainFactory.Reference<IUseCaseGrain>(request.Route.UseCaseId).GetAsync();
        if (useCase is null || agents.Resolve(useCase.Agent) is null)
        {
            return SmsResult<AgentTurn>.Fail(SmsErrorCodes.AgentRequired, "No 'message', and the use case has no agent to write one.");
        }
        var sessionId = ConversationModel.NewSession(clock.GetUtcNow()).SessionId; // the session the opening starts, when it is sent
        var context = AgentContext.Merge(S.ContextJson, request.ContextJson);
        return SmsResult<AgentTurn>.Ok(new AgentTurn(
            AgentEvents.SessionStarted, Id, sessionId, useCase, request.AgentNumber, request.CustomerNumber, [], [], context));
    }

    public async Task<SmsResult<OutboundOutcome>> SendOpeningAsync(OutboundRequest request, AgentTurn turn, AgentReply reply)
    {
        if (SentBefore(request) is { } before)
        {
            return SmsResult<OutboundOutcome>.Ok(before); // asked again after a crash: never sent twice
        }
        // Checked again: the customer may have opted out while the agent wrote.
        if (await CheckSendAsync(request) is { } refused)
        {
            return SmsResult<OutboundOutcome>.Fail(refused);
        }
        Model.Adopt(request.Route, request.AgentNumber, request.CustomerNumber);
        var now = clock.GetUtcNow();
        S.ContextJson = AgentContext.Merge(AgentContext.Merge(S.ContextJson, request.ContextJson), reply.ContextJson);
        var parts = SplitAgentReply(string.IsNullOrWhiteSpace(reply.Reply) ? turn.UseCase.Greeting ?? "" : reply.Reply, now);
        if (parts.Count == 0)
        {
            return SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.AgentError, "The agent wrote no opening and the use case has no greeting.");
        }
        return await OpenSessionAsync(request, parts, ConversationModel.NewSession(now, turn.SessionId), now);
    }

    /// <summary>
    /// Ends the current session (<c>superseded</c>), makes <paramref name="session"/> current and sends its opening, from a
    /// number that is then the recipient's sticky sender (docs/api.md: Sending): recorded first, so that a crash after the
    /// provider took the opening never leaves the next send to choose another number.
    /// </summary>
    private async Task<SmsResult<OutboundOutcome>> OpenSessionAsync(
        OutboundRequest request, IReadOnlyList<string> opening, SessionRecord session, DateTimeOffset now)
    {
        await Recipient.SetLastSenderAsync(S.AgentNumber); // a write only when it changes
        Model.Open(session, request.Campaign?.CampaignId, request.ChosenMessageId, now);
        await ArmReminderAsync(now);
        var source = request.Campaign is not null ? MessageSource.Campaign : request.Message is null ? MessageSource.SmsAgent : MessageSource.Api;
        var sent = await SendAllAsync(opening, MessageRole.Agent, source, now, alreadyChecked: true, campaign: request.Campaign,
            firstMessageId: request.ChosenMessageId);
        return SmsResult<OutboundOutcome>.Ok(Outcome(sent[0]));
    }

    /// <summary>
    /// What came of a message whose id the caller chose and that was sent here before (from the recent window; an
    /// archived one as accepted); null when this id was never sent here.
    /// </summary>
    private OutboundOutcome? SentBefore(OutboundRequest request) =>
        request.ChosenMessageId is not { } chosen || !S.ChosenSends.Contains(chosen)
            ? null
            : S.Recent.Find(m => m.MessageId == chosen) is { } message
                ? Outcome(message)
                : new OutboundOutcome(Id, "", chosen, S.AgentNumber, S.CustomerNumber, DeliveryStatus.Accepted, 0, SmsEncoding.Gsm7);

    public async Task<SmsResult<OutboundOutcome>> ReplyAsync(ResourceOwner owner, string message)
    {
        if (!OwnedBy(owner))
        {
            return SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.NotFound, $"No conversation {Id}.");
        }
        if (await CheckSendAsync() is { } refused)
        {
            return SmsResult<OutboundOutcome>.Fail(refused);
        }
        var now = clock.GetUtcNow();
        Model.ActiveOrNew(now).LastActivityAt = now;
        await ArmReminderAsync(now);
        var sent = await SendAsync(message, MessageRole.Agent, MessageSource.Manual, now, alreadyChecked: true);
        return SmsResult<OutboundOutcome>.Ok(Outcome(sent));
    }

    public async Task ReportDeliveryAsync(DeliveryReport report)
    {
        var found = DeliveryUpdate.FindRecent(S, report) ?? await archive.FindByProviderIdAsync(Id, report.ProviderMessageSid);
        if (DeliveryUpdate.Of(S, found, report) is not { } update)
        {
            LetGoWhenSettled();
            return;
        }
        if (!update.InWindow)
        {
            await archive.AppendAsync(Id, update.Message); // its only copy
        }
        Model.ApplyDelivery(update, clock.GetUtcNow());
        if (!update.WritesNow)
        {
            _answersUnwritten = true; // written before the archive takes the message, and by the next write
            return;
        }
        await SaveStateAsync(); // then the campaign's notice of a final status
        if (update.SlowsSender)
        {
            await SlowSenderAsync();
        }
        ScheduleArchive();
        LetGoWhenSettled();
    }

    /// <summary>
    /// A campaign keeps no activation per recipient: when the session a campaign opened is unanswered and every message
    /// of it has its final status, nothing here waits for anything (the archive is written on the way out), so the
    /// activation goes at once instead of idling for the collection age; a reply or a late report activates it again.
    /// </summary>
    private void LetGoWhenSettled()
    {
        if (S.Session is { } session && SessionTimeline.ExpiresLazily(session) && S.Unsettled.Count == 0 && S.PendingTurn is null
            && S.Recent.TrueForAll(m => m.SessionId != session.SessionId || m.Direction != MessageDirection.Outbound
                                        || DeliveryProgress.Rank(m.DeliveryStatus) >= DeliveryProgress.Rank(DeliveryStatus.Failed)))
        {
            DeactivateOnIdle();
        }
    }

    private OutboundOutcome Outcome(SmsMessage message) => new(
        Id, message.SessionId, message.MessageId, S.AgentNumber, S.CustomerNumber,
        message.DeliveryStatus, message.Segments, message.Encoding, message.ErrorCode);

    /// <summary>
    /// Null when this conversation may send now; else why not (<see cref="SendCheck"/>: opted out, or the sender lost its
    /// compliance).
    /// </summary>
    private Task<SmsError?> CheckSendAsync() => CheckSendAsync(S.UseCaseId, S.AgentNumber, S.CustomerNumber, clearance: null);

    /// <summary>
    /// The same check for an opening, on the request's route and numbers (before the conversation takes them), and on what
    /// the caller read when it chose the sender when it hands that over (milliseconds before: the same window a read here
    /// leaves before the provider call; an opt-out this conversation took meanwhile is seen).
    /// </summary>
    private Task<SmsError?> CheckSendAsync(OutboundRequest request) =>
        CheckSendAsync(request.Route.UseCaseId, request.AgentNumber, request.CustomerNumber, request.Clearance);

    private async Task<SmsError?> CheckSendAsync(string useCaseId, string agentNumber, string customerNumber, SendClearance? clearance)
    {
        RecipientStanding standing;
        PhoneNumberInfo? number;
        // The reading is a moment old: a STOP this conversation took since (its status is dnc) is read again, not trusted.
        if (clearance is not null && clearance.Sender.PhoneNumber == agentNumber && S.Status != ConversationStatus.Dnc)
        {
            (standing, number) = (clearance.Standing, clearance.Sender);
        }
        else
        {
            var reading = RecipientOf(useCaseId, customerNumber).GetAsync();
            number = await GrainFactory.Reference<IPhoneNumberGrain>(agentNumber).GetAsync();
            standing = await reading;
        }
        _senderMps = NumberRules.MpsOf(number);
        return SendCheck.Refusal(standing, number, useCaseId, agentNumber, customerNumber);
    }

    /// <summary>Records an outbound message, hands it to the provider, records the provider's answer.</summary>
    private async Task<SmsMessage> SendAsync(
        string body, MessageRole role, MessageSource source, DateTimeOffset now, bool alreadyChecked = false, bool ignoreOptOut = false) =>
        (await SendAllAsync([body], role, source, now, alreadyChecked, ignoreOptOut))[0];

    /// <summary>
    /// Records the parts of one outbound text, writes the state once (with whatever the caller changed before: it is
    /// durable before the provider sees anything, so a retry after a crash never sends twice), then hands each part to
    /// the provider and archives it with the provider's answer. The answers reach grain state with its next write.
    /// </summary>
    private async Task<IReadOnlyList<SmsMessage>> SendAllAsync(
        IReadOnlyList<string> parts, MessageRole role, MessageSource source, DateTimeOffset now, bool alreadyChecked = false, bool ignoreOptOut = false,
        CampaignSend? campaign = null, string? firstMessageId = null)
    {
        await CatchUpArchiveAsync();
        var refused = alreadyChecked ? null : await CheckSendAsync();
        if (refused is { Code: SmsErrorCodes.RecipientOptedOut } && ignoreOptOut)
        {
            refused = null;
        }
        var messages = Model.RecordOutbound(parts, role, source, refused, campaign?.CampaignId, firstMessageId, now);
        if (refused is not null)
        {
            logger.LogInformation("Send of conversation {ConversationId} refused: {Code}", Id, refused.Code);
            await SaveStateAsync(); // then their events
            ScheduleArchive();
            return messages;
        }
        // A campaign message has its time on the number already (the campaign took it before asking here), and its usage
        // goes with this write: a campaign step's sends then cost the conversation one write each.
        var goAt = campaign is null ? await PaceAsync(messages) : null;
        var immediate = goAt?.Count ?? messages.Count;
        if (campaign is not null)
        {
            PrepayUsage(messages[0]);
        }
        if (immediate < messages.Count)
        {
            await ArmReminderAsync(now); // the queued parts are owed: written with them, they survive the loss of this silo
        }
        await SaveStateAsync();
        for (var i = 0; i < messages.Count; i++)
        {
            if (i < immediate)
            {
                // The provider's answer reaches storage with the next state write, which comes before the archive gets it (a
                // status callback carries the message id back if this activation is lost first; so does a lookup, docs/api.md: Boundaries).
                if (goAt is not null)
                {
                    await SendPacing.HoldAsync(goAt[i], clock); // its time on the number, a moment away at most
                }
                var (outcome, receipt, code) = await TrySendAsync(messages[i]);
                messages[i] = Settle(messages[i], SendReconciliation.FirstSend(messages[i].MessageId, now), outcome, receipt, code);
            }
            await PublishAsync(ConversationEvent.MessageAdded(S.TenantId!, Id, messages[i]));
        }
        if (S.Unsettled.Count > 0)
        {
            await ArmReminderAsync(now); // a lookup or another send is owed: it must survive the loss of this silo
            ScheduleReconciliation();
        }
        if (_written != Decisions() || _effects.BeforeWrite || _effects.AfterWrite)
        {
            // The provider said the recipient opted out (21610), or a send is unsettled, or a campaign is to be told of a
            // refused message: that must not wait for the next write.
            await SaveStateAsync();
        }
        ScheduleArchive();
        return messages;
    }

    /// <summary>One provider send of <paramref name="message"/>, bounded in time; what came of it.</summary>
    private async Task<(SendOutcome Outcome, SendReceipt? Receipt, string? ErrorCode)> TrySendAsync(SmsMessage message)
    {
        try
        {
            using var timeout = new CancellationTokenSource(ProviderTimeout);
            return (SendOutcome.Accepted, await sender.SendAsync(Outbound(message), timeout.Token), null);
        }
        catch (ProviderException ex) when (!ex.OutcomeUnknown)
        {
            // The provider answered and did not take the message: a refusal, or 429/502/503 after the pipeline's bounded retries.
            logger.LogWarning("Provider did not take message {MessageId} of conversation {ConversationId}: {Error}", message.MessageId, Id, ex.Message);
            return (ex.Transient ? SendOutcome.NotTaken : SendOutcome.Refused, null, ex.ErrorCode);
        }
        catch (Exception ex) when (ex is ProviderException or OperationCanceledException)
        {
            // Unknown outcome (timeout, broken connection, a 500): it is looked up at the provider before it is sent again.
            logger.LogWarning("Provider did not confirm message {MessageId} of conversation {ConversationId}; it will be looked up: {Error}",
                message.MessageId, Id, ex.Message);
            return (SendOutcome.Unknown, null, (ex as ProviderException)?.ErrorCode);
        }
    }

    private OutboundSms Outbound(SmsMessage message) => new(
        S.TenantId!, message.MessageId, S.AgentNumber, S.CustomerNumber, message.Body, new SegmentCount(message.Segments, message.Encoding));

    /// <summary>
    /// Records what came of a provider call on the message (<see cref="ConversationModel.Settle"/>: in state, written
    /// with the next write) and arms what is owed next.
    /// </summary>
    private SmsMessage Settle(SmsMessage message, UnsettledSend done, SendOutcome outcome, SendReceipt? receipt, string? errorCode)
    {
        var settled = Model.Settle(message, done, outcome, receipt, errorCode, clock.GetUtcNow());
        _answersUnwritten = true;
        if (settled.Owed is not null)
        {
            ScheduleReconciliation();
        }
        ScheduleUsage(UsageFlushDelay);
        if (settled.Decision.Action == SendAction.Settle)
        {
            metrics.Outbound();
        }
        else if (settled.Decision.Action == SendAction.Fail)
        {
            metrics.ProviderError();
            logger.LogWarning("Message {MessageId} of conversation {ConversationId} failed: {Code}", message.MessageId, Id, settled.Decision.ErrorCode);
        }
        return settled.Message;
    }

    /// <summary>
    /// The customer's standing with the use case's messaging service (every number of its pool): opted out or not, and the
    /// sticky sender. This conversation writes it for what it sees: a STOP or START it receives, the carrier's 21610 on
    /// its send, the number of an opening it sends.
    /// </summary>
    private IRecipientGrain Recipient => RecipientOf(S.UseCaseId, S.CustomerNumber);

    private IRecipientGrain RecipientOf(string useCaseId, string customerNumber) =>
        GrainFactory.Reference<IRecipientGrain>(IRecipientGrain.KeyFor(useCaseId, customerNumber));
}
