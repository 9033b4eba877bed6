using System.Collections.Concurrent;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Archive;

/// <summary>
/// The embedded default archive: process memory. One instance per silo, so it suits the single-silo
/// embedded host (and tests that share one instance across in-process silos); production uses Azure Tables.
/// </summary>
/// <remarks>Unrouted messages are kept as <see cref="UnroutedRetention"/> says, per number, found by their provider id.</remarks>
/// <param name="clock">Decides when unrouted messages expire; the system clock when null.</param>
/// <param name="retention">How long and how many unrouted messages are kept; <see cref="UnroutedRetention.Default"/> when null.</param>
public sealed class MemoryMessageArchive(TimeProvider? clock = null, UnroutedRetention? retention = null) : IMessageArchive
{
    /// <summary>How often every number's unrouted messages are checked for expiry (also numbers that receive nothing more).</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromHours(1);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly UnroutedRetention _retention = retention ?? UnroutedRetention.Default;
    private readonly ConcurrentDictionary<string, ConversationRecords> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UnroutedQueue> _unrouted = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

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
        ArgumentNullException.ThrowIfNull(message);
        var now = _clock.GetUtcNow();
        while (true)
        {
            var queue = _unrouted.GetOrAdd(message.To, _ => new UnroutedQueue(_retention));
            lock (queue)
            {
                if (queue.Retired)
                {
                    continue; // swept away meanwhile: keep the message in the queue that replaces it
                }
                queue.Keep(message, receivedAt, now);
                break;
            }
        }
        SweepIfDue(now);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<InboundSms>> ReadUnroutedAsync(string to, CancellationToken cancellationToken = default)
    {
        if (!_unrouted.TryGetValue(to, out var queue))
        {
            return Task.FromResult<IReadOnlyList<InboundSms>>([]);
        }
        lock (queue)
        {
            return Task.FromResult(queue.Read(_clock.GetUtcNow()));
        }
    }

    /// <summary>Once per <see cref="SweepEvery"/>: expired messages go from every number, and numbers left empty go too.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepEvery).UtcTicks, due) != due)
        {
            return;
        }
        foreach (var (number, queue) in _unrouted)
        {
            lock (queue)
            {
                queue.Prune(now);
                if (queue.Count == 0)
                {
                    queue.Retired = true;
                    _unrouted.TryRemove(number, out _);
                }
            }
        }
    }

    private sealed class ConversationRecords
    {
        public List<SmsMessage> Messages { get; } = [];
        public List<SessionView> Sessions { get; } = [];
    }
}
