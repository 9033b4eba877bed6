using System.Collections.Concurrent;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Archive;

/// <summary>
/// The tenant-wide list of conversations, for <c>GET /v1/conversations</c>. A conversation writes its summary when it
/// changes (new conversation, status, agent mode, session start or end), not on every message.
/// </summary>
public interface IConversationDirectory
{
    Task SaveAsync(ConversationSummary summary, CancellationToken cancellationToken = default);

    /// <summary>Conversations of a tenant ordered by id, after <paramref name="cursor"/> (exclusive), at most <paramref name="limit"/>.</summary>
    Task<ConversationPage> ListAsync(string tenantId, ConversationFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default);
}

/// <summary>The embedded default: process memory (one instance per silo, like the memory archive).</summary>
public sealed class MemoryConversationDirectory : IConversationDirectory
{
    private readonly ConcurrentDictionary<string, SortedDictionary<string, ConversationSummary>> _tenants = new(StringComparer.Ordinal);

    public Task SaveAsync(ConversationSummary summary, CancellationToken cancellationToken = default)
    {
        var conversations = _tenants.GetOrAdd(summary.TenantId, _ => new(StringComparer.Ordinal));
        lock (conversations)
        {
            conversations[summary.ConversationId] = summary;
        }
        return Task.CompletedTask;
    }

    public Task<ConversationPage> ListAsync(string tenantId, ConversationFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        if (!_tenants.TryGetValue(tenantId, out var conversations))
        {
            return Task.FromResult(new ConversationPage([], null));
        }
        lock (conversations)
        {
            var page = conversations.Values
                .Where(c => cursor is null || string.CompareOrdinal(c.ConversationId, cursor) > 0)
                .Where(filter.Matches)
                .Take(limit + 1)
                .ToList();
            var more = page.Count > limit;
            var items = page.Take(limit).ToList();
            return Task.FromResult(new ConversationPage(items, more ? items[^1].ConversationId : null));
        }
    }
}
