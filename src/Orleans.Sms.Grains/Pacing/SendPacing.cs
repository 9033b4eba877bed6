namespace Orleans.Sms.Pacing;

/// <summary>
/// The send rate of one number (CONTRACT §15), as a plain rule: a number at <c>mps</c> m sends a segment at most every 1/m s,
/// spread evenly, so a message of k segments takes k/m seconds of the number's time and an idle number saves no credit for a
/// burst later. Conversation traffic goes ahead of bulk traffic.
/// </summary>
/// <remarks>
/// <para>
/// Two lines share the number. A conversation reservation is placed at the earliest instant after the other conversation
/// reservations and after the bulk slot that has already begun, whatever bulk reservations are still waiting for their
/// instant. A bulk reservation is placed after everything: every conversation reservation and every bulk one. So a bulk
/// sender that asks for one slot at a time, just before it sends, never takes a slot a waiting conversation send should have
/// had; and a conversation is held up by at most the one bulk message on the air.
/// </para>
/// <para>
/// The price: a bulk slot is the caller's once handed out (the caller waits for it with its own timer), so a conversation
/// placed ahead of bulk slots not yet begun shares the number's time with them. That happens only when bulk slots were
/// handed out ahead of time (several bulk senders on one number at once), and is bounded by how many of them wait. Bulk
/// senders should therefore ask one slot at a time, just before sending.
/// </para>
/// </remarks>
internal sealed class SendPacing
{
    /// <summary>Bulk slots not yet begun that are remembered; older ones count as begun (conversations then go after them).</summary>
    public const int MaxWaitingBulk = 1_000;

    /// <summary>The longest one message may hold the number (a tiny rate would otherwise reach past the calendar).</summary>
    public static readonly TimeSpan MaxSlot = TimeSpan.FromDays(1);

    private readonly Queue<PaceSlot> _waitingBulk = new();
    private DateTimeOffset _conversationFree = DateTimeOffset.MinValue;
    private DateTimeOffset _bulkFree = DateTimeOffset.MinValue;
    private DateTimeOffset _begunBulkFree = DateTimeOffset.MinValue;

    /// <summary>Bulk slots handed out whose instant has not come (as of the last reservation).</summary>
    public int WaitingBulk => _waitingBulk.Count;

    /// <summary>The instant the number is free of every slot handed out so far.</summary>
    public DateTimeOffset FreeAt => Max(_conversationFree, _bulkFree);

    /// <summary>
    /// The slot of a message of <paramref name="segments"/> on a number at <paramref name="mps"/> whose last reserved slot
    /// ends at <paramref name="freeAt"/>: it goes as soon as the number is free, never before <paramref name="now"/>.
    /// </summary>
    public static PaceSlot Next(double mps, DateTimeOffset freeAt, int segments, DateTimeOffset now)
    {
        var at = Max(now, freeAt);
        return new PaceSlot(at, at + Duration(segments, mps));
    }

    /// <summary>k/m seconds, rounded up to the tick so that the rate is never exceeded, and at most <see cref="MaxSlot"/>.</summary>
    public static TimeSpan Duration(int segments, double mps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        if (!(mps > 0) || double.IsInfinity(mps))
        {
            throw new ArgumentOutOfRangeException(nameof(mps), mps, "The rate must be a positive finite number.");
        }
        var ticks = Math.Ceiling(segments * (double)TimeSpan.TicksPerSecond / mps);
        return ticks >= MaxSlot.Ticks ? MaxSlot : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Reserves the number's time for a message; returns when it may go (the caller waits until then).</summary>
    public DateTimeOffset Reserve(int segments, double mps, SendPriority priority, DateTimeOffset now)
    {
        SettleBegunBulk(now);
        if (priority == SendPriority.Conversation)
        {
            var slot = Next(mps, Max(_conversationFree, _begunBulkFree), segments, now);
            _conversationFree = slot.FreeAt;
            return slot.SendAt;
        }
        var bulk = Next(mps, FreeAt, segments, now);
        _bulkFree = bulk.FreeAt;
        if (bulk.SendAt <= now)
        {
            _begunBulkFree = Max(_begunBulkFree, bulk.FreeAt);
        }
        else
        {
            _waitingBulk.Enqueue(bulk);
            while (_waitingBulk.Count > MaxWaitingBulk)
            {
                _begunBulkFree = Max(_begunBulkFree, _waitingBulk.Dequeue().FreeAt);
            }
        }
        return bulk.SendAt;
    }

    /// <summary>Bulk slots whose instant has come are on the air: conversations go after them.</summary>
    private void SettleBegunBulk(DateTimeOffset now)
    {
        while (_waitingBulk.TryPeek(out var slot) && slot.SendAt <= now)
        {
            _begunBulkFree = Max(_begunBulkFree, _waitingBulk.Dequeue().FreeAt);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
