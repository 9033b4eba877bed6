namespace Orleans.Sms.Conversations;

/// <summary>A provider message id the conversation has recorded.</summary>
[GenerateSerializer, Immutable, Alias("sms.SeenMessage")]
public sealed record class SeenMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] DateTimeOffset At);

/// <summary>
/// Provider ids seen recently, for exact dedup of carrier retries with bounded memory. Ids are kept for
/// <see cref="Retention"/>; beyond <see cref="Capacity"/> the oldest are dropped and <see cref="EvictedUntil"/>
/// remembers that the window is no longer complete, so a miss must then be confirmed against the archive.
/// </summary>
[GenerateSerializer, Alias("sms.DedupWindow")]
public sealed class DedupWindow
{
    public const int Capacity = 256;

    /// <summary>Twilio retries within hours; the contract asks for at least 24 h.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    [Id(0)] public Dictionary<string, SeenMessage> Seen { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Newest time among ids evicted for room (not for age).</summary>
    [Id(1)] public DateTimeOffset? EvictedUntil { get; set; }

    public SeenMessage? Find(string providerMessageId) => Seen.GetValueOrDefault(providerMessageId);

    /// <summary>True when an id seen within the retention may have been evicted: a miss is not conclusive.</summary>
    public bool MayHaveForgotten(DateTimeOffset now) => EvictedUntil is { } until && until > now - Retention;

    public void Remember(string providerMessageId, SeenMessage seen, DateTimeOffset now)
    {
        Seen[providerMessageId] = seen;
        var horizon = now - Retention;
        foreach (var (id, entry) in Seen)
        {
            if (entry.At < horizon)
            {
                Seen.Remove(id);
            }
        }
        while (Seen.Count > Capacity)
        {
            var oldest = Seen.MinBy(pair => pair.Value.At);
            Seen.Remove(oldest.Key);
            EvictedUntil = EvictedUntil is { } until && until > oldest.Value.At ? until : oldest.Value.At;
        }
    }
}
