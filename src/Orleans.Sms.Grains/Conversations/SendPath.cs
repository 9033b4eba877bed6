using Microsoft.Extensions.Logging;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Errors;
using Orleans.Sms.Events;
using Orleans.Sms.Messaging;
using Orleans.Sms.UseCases;
using Orleans.Sms.Numbers;
using Orleans.Sms.Pacing;

namespace Orleans.Sms.Conversations;

/// <summary>
/// The one send path of a conversation (API, manual, agent reply, warning, HELP, campaign): opt-out and sender compliance
/// checked first, the message recorded durably before the provider sees it (a crash after the provider call never
/// re-sends: the message id is the idempotency key, and the status callback carries it back), its time taken on the
/// sender number, and the provider's answer or refusal recorded on the message.
/// </summary>
internal sealed class SendPath(
    IConversationHost host, IGrainFactory grains, ProviderCalls provider, SenderPace pace, SendReconciler reconciler,
    UsageHandOver usage, SessionReminder reminder, ArchiveBehind archive, TimeProvider clock, ILogger logger)
{
    private ConversationState S => host.State;

    /// <summary>
    /// Null when this conversation may send now; else why not (<see cref="SendCheck"/>: opted out, or the sender lost its
    /// compliance).
    /// </summary>
    public Task<SmsError?> CheckAsync() => CheckAsync(S.UseCaseId, S.AgentNumber, S.CustomerNumber, clearance: null);

    /// <summary>
    /// The same check for an opening, on the request's route and numbers (before the conversation takes them), and on what
    /// the caller read when it chose the sender when it hands that over (milliseconds before: the same window a read here
    /// leaves before the provider call; an opt-out this conversation took meanwhile is seen).
    /// </summary>
    public Task<SmsError?> CheckAsync(OutboundRequest request) =>
        CheckAsync(request.Route.UseCaseId, request.AgentNumber, request.CustomerNumber, request.Clearance);

    private async Task<SmsError?> CheckAsync(string useCaseId, string agentNumber, string customerNumber, SendClearance? clearance)
    {
        RecipientStanding standing;
        PhoneNumberInfo? number;
        // The reading is a moment old: a STOP this conversation took since (its status is dnc) is read again, not trusted.
        if (Trusted(clearance, agentNumber) is { } trusted)
        {
            (standing, number) = (trusted.Standing, trusted.Sender);
        }
        else
        {
            var reading = grains.Reference<IRecipientGrain>(IRecipientGrain.KeyFor(useCaseId, customerNumber)).GetAsync();
            number = await grains.Reference<IPhoneNumberGrain>(agentNumber).GetAsync();
            standing = await reading;
        }
        pace.Learned(number);
        return SendCheck.Refusal(standing, number, useCaseId, agentNumber, customerNumber);
    }

    /// <summary>
    /// The check of an opening, then its claim on the recipient (<see cref="IRecipientGrain.ClaimAsync"/>): the request's
    /// number becomes the recipient's sticky sender first, so that a crash after the provider took the opening never leaves
    /// the next send to choose another number. The claim answers with the standing as it is now, so a STOP that another
    /// number of the service took since the sender was chosen refuses the send here; it is also the only read of the
    /// recipient, unless the sender is refused (then the recipient is read as well: an opt-out is the refusal told first).
    /// </summary>
    public async Task<SmsError?> ClearOpeningAsync(OutboundRequest request)
    {
        var (useCaseId, agentNumber, customerNumber) = (request.Route.UseCaseId, request.AgentNumber, request.CustomerNumber);
        var recipient = grains.Reference<IRecipientGrain>(IRecipientGrain.KeyFor(useCaseId, customerNumber));
        PhoneNumberInfo? number;
        if (Trusted(request.Clearance, agentNumber) is { } clearance)
        {
            number = clearance.Sender;
            if (SendCheck.Refusal(clearance.Standing, number, useCaseId, agentNumber, customerNumber) is { } refused)
            {
                return refused;
            }
        }
        else if (SendCheck.SenderRefusal(number = await grains.Reference<IPhoneNumberGrain>(agentNumber).GetAsync(), useCaseId, agentNumber) is not null)
        {
            return SendCheck.Refusal(await recipient.GetAsync(), number, useCaseId, agentNumber, customerNumber);
        }
        pace.Learned(number);
        return SendCheck.OptedOut(await recipient.ClaimAsync(agentNumber, request.Campaign?.CampaignId), customerNumber);
    }

    /// <summary>
    /// The caller's reading when it may stand in for this conversation's own: it read the number the send is from, and no
    /// STOP reached this conversation since (its status is dnc: then both are read again).
    /// </summary>
    private SendClearance? Trusted(SendClearance? clearance, string agentNumber) =>
        clearance is not null && clearance.Sender.PhoneNumber == agentNumber && S.Status != ConversationStatus.Dnc ? clearance : null;

    /// <summary>Records an outbound message, hands it to the provider, records the provider's answer.</summary>
    public async Task<SmsMessage> SendAsync(
        string body, MessageRole role, MessageSource source, DateTimeOffset now, bool alreadyChecked = false, bool ignoreOptOut = false) =>
        (await SendAllAsync([body], role, source, now, alreadyChecked, ignoreOptOut))[0];

    /// <summary>
    /// Records the parts of one outbound text, writes the state once (with whatever the caller changed before: it is
    /// durable before the provider sees anything, so a retry after a crash never sends twice), then hands each part to
    /// the provider. The answers reach grain state with its next write.
    /// </summary>
    public async Task<IReadOnlyList<SmsMessage>> SendAllAsync(
        IReadOnlyList<string> parts, MessageRole role, MessageSource source, DateTimeOffset now, bool alreadyChecked = false, bool ignoreOptOut = false,
        CampaignSend? campaign = null, string? firstMessageId = null)
    {
        await archive.CatchUpAsync();
        var refused = alreadyChecked ? null : await CheckAsync();
        if (refused is { Code: SmsErrorCodes.RecipientOptedOut } && ignoreOptOut)
        {
            refused = null;
        }
        var messages = host.Model.RecordOutbound(parts, role, source, refused, campaign?.CampaignId, firstMessageId, now);
        if (refused is not null)
        {
            logger.LogInformation("Send of conversation {ConversationId} refused: {Code}", host.Id, refused.Code);
            await host.SaveStateAsync(); // then their events
            archive.Schedule();
            return messages;
        }
        // A campaign message has its time on the number already (the campaign took it before asking here), and its usage
        // goes with this write: a campaign step's sends then cost the conversation one write each.
        var goAt = campaign is null ? await pace.PaceAsync(messages) : null;
        var immediate = goAt?.Count ?? messages.Count;
        if (campaign is not null)
        {
            usage.Prepay(messages[0]);
        }
        if (immediate < messages.Count)
        {
            await reminder.ArmAsync(now); // the queued parts are owed: written with them, they survive the loss of this silo
        }
        await host.SaveStateAsync();
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
                var answer = await provider.SendAsync(S, host.Id, messages[i]);
                messages[i] = reconciler.Settle(messages[i], SendReconciliation.FirstSend(messages[i].MessageId, now), answer);
            }
            await host.PublishAsync(ConversationEvent.MessageAdded(S.TenantId!, host.Id, messages[i]));
        }
        if (S.Unsettled.Count > 0)
        {
            await reminder.ArmAsync(now); // a lookup or another send is owed: it must survive the loss of this silo
            reconciler.Schedule();
        }
        if (host.ChangedSinceWrite)
        {
            // The provider said the recipient opted out (21610), or a send is unsettled, or a campaign is to be told of a
            // refused message: that must not wait for the next write.
            await host.SaveStateAsync();
        }
        archive.Schedule();
        return messages;
    }

    /// <summary>What came of a send, for its caller.</summary>
    public OutboundOutcome Outcome(SmsMessage message) => new(
        host.Id, message.SessionId, message.MessageId, S.AgentNumber, S.CustomerNumber,
        message.DeliveryStatus, message.Segments, message.Encoding, message.ErrorCode);
}
