using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// The real archive, except that the first append of one provider message id is written and then reported as failed:
/// what the engine sees when storage commits a write but its answer is lost (a client-side timeout), or when the
/// process dies right after the write. The carrier then retries the webhook.
/// </summary>
public sealed class LostAcknowledgementArchive(IMessageArchive inner, string providerMessageId) : IMessageArchive
{
    private int _lost;

    public async Task AppendAsync(string conversationId, SmsMessage message, CancellationToken cancellationToken = default)
    {
        await inner.AppendAsync(conversationId, message, cancellationToken);
        if (message.ProviderMessageSid == providerMessageId && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            throw new TimeoutException($"The archive write of {providerMessageId} was committed, but its acknowledgement was lost.");
        }
    }

    public Task<IReadOnlyList<SmsMessage>> ReadAsync(string conversationId, string? sessionId, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(conversationId, sessionId, limit, cancellationToken);

    public Task<SmsMessage?> FindByProviderIdAsync(string conversationId, string providerMessageId, CancellationToken cancellationToken = default) =>
        inner.FindByProviderIdAsync(conversationId, providerMessageId, cancellationToken);

    public Task SaveSessionAsync(string conversationId, SessionView session, CancellationToken cancellationToken = default) =>
        inner.SaveSessionAsync(conversationId, session, cancellationToken);

    public Task<IReadOnlyList<SessionView>> ReadSessionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        inner.ReadSessionsAsync(conversationId, cancellationToken);

    public Task KeepUnroutedAsync(InboundSms message, DateTimeOffset receivedAt, CancellationToken cancellationToken = default) =>
        inner.KeepUnroutedAsync(message, receivedAt, cancellationToken);

    public Task<IReadOnlyList<InboundSms>> ReadUnroutedAsync(string to, CancellationToken cancellationToken = default) =>
        inner.ReadUnroutedAsync(to, cancellationToken);
}
