using System.Collections.Concurrent;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Tenants;
using Orleans.Sms.Testing.Hosting;

namespace Orleans.Sms.Tests.Infrastructure.Storage;

/// <summary>
/// Faults in the campaign store of every silo of a cluster, whichever the storage mode registered: a campaign's writes of
/// recipients that match a rule fail (as a storage outage would) until the test heals them. Everything else goes to the
/// mode's store.
/// </summary>
public sealed class CampaignStoreProbe
{
    private readonly ConcurrentDictionary<string, Func<IReadOnlyList<CampaignRecipient>, bool>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failed = new(StringComparer.Ordinal);

    /// <summary>The campaign's writes of recipients that <paramref name="when"/> matches fail until <see cref="Heal"/>.</summary>
    public void FailSaves(string campaignId, Func<IReadOnlyList<CampaignRecipient>, bool> when) => _faults[campaignId] = when;

    public void Heal(string campaignId) => _faults.TryRemove(campaignId, out _);

    /// <summary>How many of the campaign's writes of recipients failed so far.</summary>
    public int FailedSaves(string campaignId) => _failed.GetValueOrDefault(campaignId);

    /// <summary>Wraps the silo's campaign store; call after the storage mode registered it.</summary>
    public void Attach(IServiceCollection services) =>
        services.Decorate<ICampaignStore>(null, (_, inner) => new Faulty(inner, this));

    private sealed class Faulty(ICampaignStore inner, CampaignStoreProbe probe) : ICampaignStore
    {
        public Task SaveRecipientsAsync(string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken = default)
        {
            if (probe._faults.TryGetValue(campaignId, out var when) && when(recipients))
            {
                probe._failed.AddOrUpdate(campaignId, 1, (_, n) => n + 1);
                throw new TimeoutException($"The write of {recipients.Count} recipients of {campaignId} failed (a test's fault).");
            }
            return inner.SaveRecipientsAsync(campaignId, recipients, cancellationToken);
        }

        public Task<IReadOnlyList<bool>> AddRecipientsAsync(string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken = default) =>
            inner.AddRecipientsAsync(campaignId, recipients, cancellationToken);

        public Task<CampaignRecipient?> FindRecipientAsync(string campaignId, string phoneNumber, CancellationToken cancellationToken = default) =>
            inner.FindRecipientAsync(campaignId, phoneNumber, cancellationToken);

        public Task<IReadOnlyList<CampaignRecipient>> ListRecipientsAsync(
            string campaignId, long afterSeq, long toSeq, RecipientStatus? status, int limit, CancellationToken cancellationToken = default) =>
            inner.ListRecipientsAsync(campaignId, afterSeq, toSeq, status, limit, cancellationToken);

        public Task DeleteRecipientsAsync(string campaignId, CancellationToken cancellationToken = default) =>
            inner.DeleteRecipientsAsync(campaignId, cancellationToken);

        public Task IndexCampaignAsync(ResourceOwner owner, string campaignId, CancellationToken cancellationToken = default) =>
            inner.IndexCampaignAsync(owner, campaignId, cancellationToken);

        public Task UnindexCampaignAsync(ResourceOwner owner, string campaignId, CancellationToken cancellationToken = default) =>
            inner.UnindexCampaignAsync(owner, campaignId, cancellationToken);

        public Task<IReadOnlyList<string>> ListCampaignsAsync(ResourceOwner owner, string? after, int limit, CancellationToken cancellationToken = default) =>
            inner.ListCampaignsAsync(owner, after, limit, cancellationToken);
    }
}
