using Orleans.Sms.Conversations;

namespace Orleans.Sms.Archive;

/// <summary>
/// The full history of conversations: every message and every session. Grain state keeps only what a
/// conversation needs to decide; everything else lives here (in memory now, Azure Tables in production).
/// </summary>
public interface IMessageArchive
{
    /// <summary>Stores a message; storing the same message id again overwrites it (idempotent).</summary>
    Task AppendAsync(string conversationId, SmsMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores several messages of one conversation, each as <see cref="AppendAsync"/> would (a message id listed twice:
    /// the later copy wins). Stores that have transactions write them in as few as they allow.
    /// </summary>
    async Task AppendManyAsync(string conversationId, IReadOnlyList<SmsMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            await AppendAsync(conversationId, message, cancellationToken);
        }
    }

    /// <summary>The newest <paramref name="limit"/> messages of a conversation (of one session when given), oldest first.</summary>
    Task<IReadOnlyList<SmsMessage>> ReadAsync(string conversationId, string? sessionId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Finds a message by the provider's id; null when the archive has none.</summary>
    Task<SmsMessage?> FindByProviderIdAsync(string conversationId, string providerMessageId, CancellationToken cancellationToken = default);

    /// <summary>Stores a session's current view, replacing an earlier one with the same id.</summary>
    Task SaveSessionAsync(string conversationId, SessionView session, CancellationToken cancellationToken = default);

    /// <summary>All sessions of a conversation, oldest first.</summary>
    Task<IReadOnlyList<SessionView>> ReadSessionsAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Keeps an inbound message whose number is in no sms pool, so that it is not lost.</summary>
    Task KeepUnroutedAsync(InboundSms message, DateTimeOffset receivedAt, CancellationToken cancellationToken = default);

    /// <summary>Unrouted messages sent to one number, oldest first.</summary>
    Task<IReadOnlyList<InboundSms>> ReadUnroutedAsync(string to, CancellationToken cancellationToken = default);
}
