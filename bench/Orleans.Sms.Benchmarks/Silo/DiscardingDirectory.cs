using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>A conversation directory that keeps nothing (the memory one would keep the summary object the conversation holds).</summary>
internal sealed class DiscardingDirectory : IConversationDirectory
{
    public Task SaveAsync(ConversationSummary summary, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ConversationPage> ListAsync(string tenantId, ConversationFilter filter, string? cursor, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ConversationPage([], null));
}
