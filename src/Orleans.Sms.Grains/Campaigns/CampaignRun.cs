using Orleans.Sms.Contacts;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Messaging;
using Orleans.Sms.Numbers;
using Orleans.Sms.Pacing;
using Orleans.Sms.Tenants;
using Orleans.Sms.Templates;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// The I/O of a campaign's turns, apart from the grain that keeps the books: reading the contacts, choosing senders and
/// handing each message to its conversation (idempotent by message id). The decisions are <see cref="RecipientTurn"/>'s.
/// </summary>
internal sealed class CampaignRun(IGrainFactory grains, IContactStore contacts)
{
    /// <summary>When recipients whose sender was busy were told to ask again (kept for their next step; lost with the activation).</summary>
    private readonly Dictionary<long, (string From, DateTimeOffset At)> _reserved = [];

    /// <summary>After <see cref="DecideAsync"/>: when the recipient it stopped before may go (its sender's pace), or null.</summary>
    public DateTimeOffset? WaitUntil { get; private set; }

    /// <summary>
    /// What the turns of <paramref name="due"/> come to: each recipient as it is to be recorded (<c>sending</c> with its
    /// message id and sender, <c>held</c>, <c>skipped</c>). Stops before a recipient that must wait for pacing, or when the
    /// pool has no sender; returns how many it decided.
    /// </summary>
    public async Task<List<CampaignRecipient>> DecideAsync(
        ResourceOwner owner, CampaignDraft definition, MessageTemplate template, IReadOnlyList<CampaignRecipient> due,
        DateTimeOffset now, Func<bool> maySendAnother)
    {
        var read = await Task.WhenAll(due.Select(r => r.ContactId is { } id ? contacts.GetAsync(owner, id) : Task.FromResult<StoredContact?>(null)));
        var service = grains.GetGrain<IMessagingServiceGrain>(definition.UseCaseId!);
        var decided = new List<CampaignRecipient>(due.Count);
        WaitUntil = null;
        for (var i = 0; i < due.Count; i++)
        {
            var recipient = due[i];
            var turn = RecipientTurn.Decide(template, recipient, read[i]?.Contact, definition.QuietHours, now);
            if (turn.SkipCode is { } skip)
            {
                decided.Add(recipient with { Status = RecipientStatus.Skipped, ErrorCode = skip, HeldUntil = null });
                continue;
            }
            if (turn.HoldUntil is { } until)
            {
                decided.Add(recipient with { Status = RecipientStatus.Held, HeldUntil = until });
                continue;
            }
            if (!_reserved.ContainsKey(recipient.Seq) && !maySendAnother())
            {
                break;
            }
            var sender = await service.SelectSenderAsync(recipient.PhoneNumber, null);
            if (sender.Error is not null)
            {
                break; // the pool is empty or nothing in it may send now: the recipient waits for its next turn
            }
            var slot = await SlotAsync(recipient.Seq, sender.Value!, turn.Body!);
            if (!slot.Booked)
            {
                (_reserved[recipient.Seq], WaitUntil) = ((sender.Value!, slot.At), slot.At);
                break; // its sender is busy: it asks first at the next step
            }
            decided.Add(recipient with
            {
                Status = RecipientStatus.Sending,
                MessageId = "msg_" + Guid.CreateVersion7().ToString("N"),
                From = sender.Value,
                ConversationId = ConversationId.For(sender.Value!, recipient.PhoneNumber),
                Body = turn.Body,
                HeldUntil = null,
            });
        }
        return decided;
    }

    /// <summary>
    /// The sender's time for this recipient (CONTRACT §15 pacing: segments per second, campaign traffic behind conversation
    /// traffic), asked one message at a time: booked, and the message goes now; or the sender is busy until an instant, and
    /// the recipient asks again then (telling the number it waited until then: the step's timer may run on another clock).
    /// </summary>
    private async Task<PaceTurn> SlotAsync(long seq, string from, string body)
    {
        DateTimeOffset? waited = _reserved.Remove(seq, out var told) && told.From == from ? told.At : null;
        var mps = NumberRules.MpsOf(await grains.GetGrain<IPhoneNumberGrain>(from).GetAsync());
        return await grains.GetGrain<ISenderPaceGrain>(from).ReserveAsync(Math.Max(1, SegmentCount.Of(body).Segments), mps, SendPriority.Bulk, waited);
    }

    /// <summary>Sends a <c>sending</c> recipient's message through its conversation; the recipient as it is to be recorded after.</summary>
    public async Task<CampaignRecipient> SendAsync(string campaignId, ResourceOwner owner, string useCaseId, CampaignRecipient recipient, DateTimeOffset now)
    {
        var route = new ConversationRoute(owner.TenantId, useCaseId, owner.Environment);
        var request = new OutboundRequest(route, recipient.From!, recipient.PhoneNumber, recipient.Body, null, new CampaignSend(campaignId, recipient.MessageId!));
        var sent = await grains.GetGrain<IConversationGrain>(recipient.ConversationId!).StartOutboundAsync(request);
        if (sent.Error is { } refused)
        {
            return recipient with
            {
                Status = refused.Code == SmsErrorCodes.RecipientOptedOut ? RecipientStatus.Skipped : RecipientStatus.Failed,
                ErrorCode = refused.Code,
            };
        }
        await grains.GetGrain<IRecipientGrain>(IRecipientGrain.KeyFor(useCaseId, recipient.PhoneNumber)).SetLastSenderAsync(recipient.From!);
        var outcome = sent.Value!;
        return outcome.Status == DeliveryStatus.Failed
            ? recipient with { Status = RecipientStatus.Failed, ErrorCode = outcome.ErrorCode ?? SmsErrorCodes.ProviderError, SentAt = now }
            : recipient with { Status = RecipientStatus.Sent, SentAt = now };
    }
}
