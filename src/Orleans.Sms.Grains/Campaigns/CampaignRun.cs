using Orleans.Sms.Contacts;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
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
    /// <summary>
    /// What the turns of <paramref name="due"/> come to: each recipient as it is to be recorded (<c>sending</c> with its
    /// message id and sender, <c>held</c>, <c>skipped</c>). Stops before a recipient that must wait for pacing, or when the
    /// pool has no sender; returns how many it decided.
    /// </summary>
    public async Task<List<CampaignRecipient>> DecideAsync(
        string campaignId, ResourceOwner owner, CampaignDraft definition, MessageTemplate template, IReadOnlyList<CampaignRecipient> due,
        DateTimeOffset now, Func<bool> maySendAnother)
    {
        var read = await Task.WhenAll(due.Select(r => r.ContactId is { } id ? contacts.GetAsync(owner, id) : Task.FromResult<StoredContact?>(null)));
        var service = grains.GetGrain<IMessagingServiceGrain>(definition.UseCaseId!);
        var decided = new List<CampaignRecipient>(due.Count);
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
            if (!maySendAnother())
            {
                break;
            }
            var sender = await service.SelectSenderAsync(recipient.PhoneNumber, null);
            if (sender.Error is not null)
            {
                break; // the pool is empty or nothing in it may send now: the recipient waits for its next turn
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
