using System.Collections.Concurrent;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Campaigns;

/// <summary>The embedded default's campaign store: per silo, in memory (like the rest of <c>Sms:Storage=Memory</c>).</summary>
public sealed class MemoryCampaignStore : ICampaignStore
{
    private readonly ConcurrentDictionary<string, Audience> _audiences = new();
    private readonly ConcurrentDictionary<ResourceOwner, SortedSet<string>> _campaigns = new();

    private sealed class Audience
    {
        /// <summary>Seqs are handed out in increasing order, so adds append.</summary>
        public SortedList<long, CampaignRecipient> BySeq { get; } = [];
        public Dictionary<string, long> ByPhone { get; } = [];
    }

    public Task<IReadOnlyList<bool>> AddRecipientsAsync(string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken = default)
    {
        var audience = _audiences.GetOrAdd(campaignId, _ => new Audience());
        lock (audience)
        {
            var added = new bool[recipients.Count];
            for (var i = 0; i < recipients.Count; i++)
            {
                var recipient = recipients[i];
                if (audience.ByPhone.TryAdd(recipient.PhoneNumber, recipient.Seq))
                {
                    audience.BySeq[recipient.Seq] = recipient;
                    added[i] = true;
                }
                else
                {
                    added[i] = audience.ByPhone[recipient.PhoneNumber] == recipient.Seq; // stored by an earlier attempt of this add
                }
            }
            return Task.FromResult<IReadOnlyList<bool>>(added);
        }
    }

    public Task<CampaignRecipient?> FindRecipientAsync(string campaignId, string phoneNumber, CancellationToken cancellationToken = default)
    {
        if (!_audiences.TryGetValue(campaignId, out var audience))
        {
            return Task.FromResult<CampaignRecipient?>(null);
        }
        lock (audience)
        {
            return Task.FromResult(audience.ByPhone.TryGetValue(phoneNumber, out var seq) ? audience.BySeq[seq] : null);
        }
    }

    public Task SaveRecipientsAsync(string campaignId, IReadOnlyList<CampaignRecipient> recipients, CancellationToken cancellationToken = default)
    {
        var audience = _audiences.GetOrAdd(campaignId, _ => new Audience());
        lock (audience)
        {
            foreach (var recipient in recipients)
            {
                audience.BySeq[recipient.Seq] = recipient;
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CampaignRecipient>> ListRecipientsAsync(
        string campaignId, long afterSeq, long toSeq, RecipientStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        if (!_audiences.TryGetValue(campaignId, out var audience))
        {
            return Task.FromResult<IReadOnlyList<CampaignRecipient>>([]);
        }
        lock (audience)
        {
            var page = new List<CampaignRecipient>();
            var values = audience.BySeq.Values;
            for (var i = FirstAfter(audience.BySeq.Keys, afterSeq); i < values.Count && values[i].Seq <= toSeq && page.Count < limit; i++)
            {
                if (status is null || values[i].Status == status)
                {
                    page.Add(values[i]);
                }
            }
            return Task.FromResult<IReadOnlyList<CampaignRecipient>>(page);
        }
    }

    /// <summary>The index of the first key above <paramref name="seq"/> (binary search).</summary>
    private static int FirstAfter(IList<long> keys, long seq)
    {
        var (low, high) = (0, keys.Count);
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (keys[mid] <= seq)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    public Task DeleteRecipientsAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        _audiences.TryRemove(campaignId, out _);
        return Task.CompletedTask;
    }

    public Task IndexCampaignAsync(ResourceOwner owner, string campaignId, CancellationToken cancellationToken = default)
    {
        var ids = _campaigns.GetOrAdd(owner, _ => new SortedSet<string>(StringComparer.Ordinal));
        lock (ids)
        {
            ids.Add(campaignId);
        }
        return Task.CompletedTask;
    }

    public Task UnindexCampaignAsync(ResourceOwner owner, string campaignId, CancellationToken cancellationToken = default)
    {
        if (_campaigns.TryGetValue(owner, out var ids))
        {
            lock (ids)
            {
                ids.Remove(campaignId);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListCampaignsAsync(ResourceOwner owner, string? after, int limit, CancellationToken cancellationToken = default)
    {
        if (!_campaigns.TryGetValue(owner, out var ids))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }
        lock (ids)
        {
            IReadOnlyList<string> page = ids.Where(id => after is null || string.CompareOrdinal(id, after) > 0).Take(limit).ToList();
            return Task.FromResult(page);
        }
    }
}
