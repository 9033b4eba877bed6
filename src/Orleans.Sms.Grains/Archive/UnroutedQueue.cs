using Orleans.Sms.Conversations;

namespace Orleans.Sms.Archive;

/// <summary>
/// The unrouted messages of one destination number in memory, oldest first, with an index of their provider ids so that a
/// retry is found without a scan. Not thread-safe: the owner locks it.
/// </summary>
internal sealed class UnroutedQueue(UnroutedRetention retention)
{
    private readonly Queue<(InboundSms Message, DateTimeOffset ReceivedAt)> _messages = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    /// <summary>True once the owner dropped this (empty) queue: a writer that still holds it must fetch a new one.</summary>
    public bool Retired { get; set; }

    public int Count => _messages.Count;

    /// <summary>Keeps the message unless its provider id is kept already; then drops what is past the retention.</summary>
    public void Keep(InboundSms message, DateTimeOffset receivedAt, DateTimeOffset now)
    {
        if (_ids.Add(message.ProviderMessageId))
        {
            _messages.Enqueue((message, receivedAt));
        }
        Prune(now);
    }

    public IReadOnlyList<InboundSms> Read(DateTimeOffset now)
    {
        Prune(now);
        return _messages.Select(m => m.Message).ToList();
    }

    /// <summary>Drops the oldest messages while there are too many, or while the oldest has expired.</summary>
    public void Prune(DateTimeOffset now)
    {
        while (_messages.TryPeek(out var oldest)
               && (_messages.Count > retention.MaxPerNumber || retention.IsExpired(oldest.ReceivedAt, now)))
        {
            _ids.Remove(_messages.Dequeue().Message.ProviderMessageId);
        }
    }
}
