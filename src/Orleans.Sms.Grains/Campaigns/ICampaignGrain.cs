using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// One campaign (docs/api.md: Campaigns), keyed by its id. Its state is bounded: the definition, the counts, where sending got to
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

    /// <summary>
    /// Lets the CSV import <paramref name="importId"/> add recipients (refused like an add); until it ends (or goes silent for
    /// <see cref="CampaignGrain.ImportLease"/>), a running campaign does not complete.
    /// </summary>
    [Alias("BeginImportAsync")]
    Task<SmsError?> BeginImportAsync(ResourceOwner owner, string importId);

    /// <summary>Adds the contacts of a batch of an import begun with <see cref="BeginImportAsync"/>; <c>failed</c> is always 0.</summary>
    [Alias("AddImportedAsync")]
    Task<SmsResult<RecipientsAdded>> AddImportedAsync(ResourceOwner owner, string importId, IReadOnlyList<ImportedRecipient> recipients);

    /// <summary>The import ended: it holds the campaign no longer.</summary>
    [Alias("EndImportAsync"), OneWay]
    Task EndImportAsync(string importId);

    [Alias("CommandAsync")]
    Task<SmsResult<CampaignView>> CommandAsync(ResourceOwner owner, CampaignCommand command);

    /// <summary>Deletes a draft; <c>not_found</c> or <c>invalid_campaign_state</c> otherwise.</summary>
    [Alias("DeleteAsync")]
    Task<SmsError?> DeleteAsync(ResourceOwner owner);

    [Alias("ListRecipientsAsync")]
    Task<CampaignRecipientPage?> ListRecipientsAsync(ResourceOwner owner, RecipientStatus? status, long after, int limit);

    /// <summary>
    /// A reply or an opt-out in the session the campaign's message opened: buffered, counted with the others of its flush,
    /// and answered once that flush is written (a failure: the caller tells it again; a repeat changes nothing).
    /// </summary>
    [Alias("NoticeInboundAsync"), AlwaysInterleave]
    Task NoticeInboundAsync(string phoneNumber, InboundNotice notice);

    /// <summary>The campaign's message reached a final status, or its send failed after all (buffered and answered as above).</summary>
    [Alias("NoticeDeliveryAsync"), AlwaysInterleave]
    Task NoticeDeliveryAsync(string phoneNumber, string messageId, DeliveryStatus status, string? errorCode);
}

/// <summary>Recipients to add: contact ids, or phone numbers (exactly one of the two lists).</summary>
[GenerateSerializer, Immutable, Alias("sms.RecipientList")]
internal sealed record class RecipientList(
    [property: Id(0)] IReadOnlyList<string>? ContactIds,
    [property: Id(1)] IReadOnlyList<string>? PhoneNumbers);

/// <summary>A contact a CSV import made or updated, to join the campaign.</summary>
[GenerateSerializer, Immutable, Alias("sms.ImportedRecipient")]
internal sealed record class ImportedRecipient(
    [property: Id(0)] string PhoneNumber,
    [property: Id(1)] string ContactId);
