using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>
/// An archive that keeps nothing, standing in for the table archive of AzureStorage mode: the memory archive would keep
/// the very message objects the conversation holds, so deactivating it would not return them and its footprint would read low.
/// </summary>
internal sealed class DiscardingArchive : IMessageArchive
{
    public Task AppendAsync(string conversationId, SmsMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<SmsMessage>> ReadAsync(string conversationId, string? sessionId, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SmsMessage>>([]);

    public Task<SmsMessage?> FindByProviderIdAsync(string conversationId, string providerMessageId, CancellationToken cancellationToken = default) =>
        Task.FromResult<SmsMessage?>(null);

    public Task SaveSessionAsync(string conversationId, SessionView session, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<SessionView>> ReadSessionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SessionView>>([]);

    public Task KeepUnroutedAsync(InboundSms message, DateTimeOffset receivedAt, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<InboundSms>> ReadUnroutedAsync(string to, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<InboundSms>>([]);
}
