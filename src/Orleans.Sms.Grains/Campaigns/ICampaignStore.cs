using Orleans.Sms.Tenants;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// Where campaign audiences live (process memory on the embedded default, an Azure table otherwise), so that no grain's
/// state grows with an audience. Each campaign grain is the only writer of its recipients; the store keeps a number in a
/// campaign at most once. Also the index of an owner's campaigns.
/// </summary>
public interface ICampaignStore
{
    /// <summary>
    /// Adds recipients (distinct numbers, seqs the caller reserved). Returns, in order, whether each was added (false: its
    /// number is in the campaign already). Adding what a crashed earlier call added again reports it as present; a number
    /// stored with the very seq given here (an earlier attempt of this same add, e.g. a storage SDK's retry of a write
    /// whose answer was lost) reports as added.
    /// </summary>
    Task<IReadOnlyList<bool>> AddRecipientsAsync(string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken = default);

    /// <summary>The recipient with this number, or null.</summary>
    Task<CampaignRecipient?> FindRecipientAsync(string campaignId, string phoneNumber, CancellationToken cancellationToken = default);

    /// <summary>Writes recipients back (by seq; each must have been added).</summary>
    Task SaveRecipientsAsync(string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recipients with a seq above <paramref name="afterSeq"/> and at most <paramref name="toSeq"/>, in seq order, of
    /// <paramref name="status"/> (null: any), at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<CampaignRecipient>> ListRecipientsAsync(
        string campaignId, long afterSeq, long toSeq, RecipientStatus? status, int limit, CancellationToken cancellationToken = default);

    /// <summary>Forgets a campaign's audience (a deleted draft).</summary>
    Task DeleteRecipientsAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Lists the campaign under its owner (a repeat is harmless).</summary>
    Task IndexCampaignAsync(ResourceOwner owner, string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Removes the campaign from its owner's list.</summary>
    Task UnindexCampaignAsync(ResourceOwner owner, string campaignId, CancellationToken cancellationToken = default);

    /// <summary>The owner's campaign ids after <paramref name="after"/> in id order (oldest first), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListCampaignsAsync(ResourceOwner owner, string? after, int limit, CancellationToken cancellationToken = default);
}
