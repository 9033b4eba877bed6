using System.Collections.Concurrent;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Archive;

/// <summary>
/// The embedded default archive: process memory. One instance per silo, so it suits the single-silo
/// embedded host (and tests that share one instance across in-process silos); production uses Azure Tables.
/// </summary>
public sealed class MemoryMessageArchive : IMessageArchive
{
    private readonly ConcurrentDictionary<string, ConversationRecords> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<InboundSms>> _unrouted = new(StringComparer.Ordinal);

    public Task AppendAsync(string conversationId, SmsMessage message, CancellationToken cancellationToken = default)
    {
        var records = _conversations.GetOrAdd(conversationId, _ => new());
        lock (records)
        {
            var index = records.Messages.FindIndex(m => m.MessageId == message.MessageId);
            if (index >= 0)
            {
                records.Messages[index] = message;
            }
            else
            {
                records.Messages.Add(message);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SmsMessage>> ReadAsync(string conversationId, string? sessionId, int limit, CancellationToken cancellationToken = default)
    {
        if (!_conversations.TryGetValue(conversationId, out var records) || limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<SmsMessage>>([]);
        }
        lock (records)
        {
            // Time order, as the table archive reads (a stable sort: equal times keep the order they were stored in).
            var matching = records.Messages.Where(m => sessionId is null || m.SessionId == sessionId).OrderBy(m => m.Timestamp).ToList();
            return Task.FromResult<IReadOnlyList<SmsMessage>>(matching.Skip(Math.Max(0, matching.Count - limit)).ToList());
        }
    }

    public Task<SmsMessage?> FindByProviderIdAsync(string conversationId, string providerMessageId, CancellationToken cancellationToken = default)
    {
        if (!_conversations.TryGetValue(conversationId, out var records))
        {
            return Task.FromResult<SmsMessage?>(null);
        }
        lock (records)
        {
            return Task.FromResult(records.Messages.FindLast(m => m.ProviderMessageSid == providerMessageId));
        }
    }

    public Task SaveSessionAsync(string conversationId, SessionView session, CancellationToken cancellationToken = default)
    {
        var records = _conversations.GetOrAdd(conversationId, _ => new());
        lock (records)
        {
            var index = records.Sessions.FindIndex(s => s.SessionId == session.SessionId);
            if (index >= 0)
            {
                records.Sessions[index] = session;
            }
            else
            {
                records.Sessions.Add(session);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SessionView>> ReadSessionsAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        if (!_conversations.TryGetValue(conversationId, out var records))
        {
            return Task.FromResult<IReadOnlyList<SessionView>>([]);
        }
        lock (records)
        {
            return Task.FromResult<IReadOnlyList<SessionView>>(records.Sessions.ToList());
        }
    }

    public Task KeepUnroutedAsync(InboundSms message, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        var list = _unrouted.GetOrAdd(message.To, _ => []);
        lock (list)
        {
            if (!list.Exists(m => m.ProviderMessageId == message.ProviderMessageId))
            {
                list.Add(message);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<InboundSms>> ReadUnroutedAsync(string to, CancellationToken cancellationToken = default)
    {
        if (!_unrouted.TryGetValue(to, out var list))
        {
            return Task.FromResult<IReadOnlyList<InboundSms>>([]);
        }
        lock (list)
        {
            return Task.FromResult<IReadOnlyList<InboundSms>>(list.ToList());
        }
    }

    private sealed class ConversationRecords
    {
        public List<SmsMessage> Messages { get; } = [];
        public List<SessionView> Sessions { get; } = [];
    }
}
