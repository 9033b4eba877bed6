using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// One campaign (CONTRACT §15), keyed by its id. Its state is bounded: the definition, the counts, where sending got to
/// and the few recipients in flight; the audience is in <see cref="ICampaignStore"/>. Every call takes the caller's owner:
/// another tenant's or environment's campaign answers as if it did not exist.
/// </summary>
[Alias("sms.ICampaignGrain")]
internal interface ICampaignGrain : IGrainWithStringKey
{
    [Alias("CreateAsync")]
    Task<CampaignView> CreateAsync(ResourceOwner owner, CampaignDraft draft);

    [Alias("GetAsync")]
    Task<CampaignView?> GetAsync(ResourceOwner owner);

    /// <summary>Adds recipients by contact id or by number (numbers that are not contacts become contacts).</summary>
    [Alias("AddRecipientsAsync")]
    Task<SmsResult<RecipientsAdded>> AddRecipientsAsync(ResourceOwner owner, RecipientList list);

    [Alias("CommandAsync")]
    Task<SmsResult<CampaignView>> CommandAsync(ResourceOwner owner, CampaignCommand command);

    /// <summary>Deletes a draft; <c>not_found</c> or <c>invalid_campaign_state</c> otherwise.</summary>
    [Alias("DeleteAsync")]
    Task<SmsError?> DeleteAsync(ResourceOwner owner);

    [Alias("ListRecipientsAsync")]
    Task<CampaignRecipientPage?> ListRecipientsAsync(ResourceOwner owner, RecipientStatus? status, long after, int limit);

    /// <summary>A reply or an opt-out in the session the campaign's message opened.</summary>
    [Alias("NoticeInboundAsync"), OneWay]
    Task NoticeInboundAsync(string phoneNumber, InboundNotice notice);

    /// <summary>The campaign's message reached a final status, or its send failed after all.</summary>
    [Alias("NoticeDeliveryAsync"), OneWay]
    Task NoticeDeliveryAsync(string phoneNumber, string messageId, DeliveryStatus status, string? errorCode);
}

/// <summary>Recipients to add: contact ids, or phone numbers (exactly one of the two lists).</summary>
[GenerateSerializer, Immutable, Alias("sms.RecipientList")]
internal sealed record class RecipientList(
    [property: Id(0)] IReadOnlyList<string>? ContactIds,
    [property: Id(1)] IReadOnlyList<string>? PhoneNumbers);
