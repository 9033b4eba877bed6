namespace Orleans.Sms.Pacing;

/// <summary>
/// The send rate of one number (docs/api.md: Campaigns), as a plain rule: a number at <c>mps</c> m sends a segment at most every 1/m s,
/// spread evenly, so a message of k segments takes k/m seconds of the number's time and an idle number saves no credit for a
/// burst later. Conversation traffic goes ahead of bulk traffic.
/// </summary>
/// <remarks>
/// <para>
/// A conversation message books the earliest time after everything booked, and goes then. A bulk message books time only
/// when the number is free at once (or, asked for several, within <see cref="BulkLead"/>), and goes then; when the number is
/// busy it books nothing and is told when to ask again. So a conversation message waits for at most a lead's worth of bulk
/// messages, however many bulk senders wait, and the number's booked times never overlap: no two sends of the number come
/// closer than its rate, whoever sends them.
/// </para>
/// <para>
/// The price: bulk senders ask again when told, one message at a time, and under steady conversation traffic they wait
/// for it (conversation traffic first is the rule).
/// </para>
/// </remarks>
internal sealed class SendPacing
{
    /// <summary>The longest one message may hold the number (a tiny rate would otherwise reach past the calendar).</summary>
    public static readonly TimeSpan MaxSlot = TimeSpan.FromDays(1);

    /// <summary>The instant the number is free of every time booked so far.</summary>
    public DateTimeOffset FreeAt { get; private set; } = DateTimeOffset.MinValue;

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

    /// <summary>
    /// Asks for the number's time for a message. A conversation message always books its time, and the caller waits until
    /// then. A bulk message books only a time that begins by <paramref name="now"/>; when the number is busy nothing is
    /// booked, and the caller asks again when it is free.
    /// </summary>
    public PaceTurn Reserve(int segments, double mps, SendPriority priority, DateTimeOffset now)
    {
        var slot = Next(mps, FreeAt, segments, now);
        if (priority == SendPriority.Bulk && slot.SendAt > now)
        {
            return new PaceTurn(slot.SendAt, Booked: false);
        }
        FreeAt = slot.FreeAt;
        return new PaceTurn(slot.SendAt, Booked: true);
    }

    /// <summary>
    /// How far ahead a bulk sender may book: a slot that begins within this much of now is booked, and the sender waits
    /// until it begins before the provider call. Short, so a conversation message waits behind at most this much bulk
    /// time; long enough that a fast number (1,000 segments/s) gives a campaign step dozens of slots in one call.
    /// </summary>
    public static readonly TimeSpan BulkLead = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Books bulk time for messages of <paramref name="segments"/> (in order, each at least 1), as many as begin within
    /// <see cref="BulkLead"/> of <paramref name="now"/>: each booked message goes at its own instant, none before it. The
    /// rest are not booked; they ask again at <see cref="BulkTurn.AskAgainAt"/>.
    /// </summary>
    public BulkTurn ReserveBulk(IReadOnlyList<int> segments, double mps, DateTimeOffset now)
    {
        var booked = new List<DateTimeOffset>(segments.Count);
        foreach (var count in segments)
        {
            var slot = Next(mps, FreeAt, count, now);
            if (slot.SendAt > now + BulkLead)
            {
                return new BulkTurn(booked, slot.SendAt - BulkLead);
            }
            FreeAt = slot.FreeAt;
            booked.Add(slot.SendAt);
        }
        return new BulkTurn(booked, null);
    }

    /// <summary>
    /// How long a sender holds a message booked at <paramref name="at"/> in memory before its provider call, judged at
    /// <paramref name="now"/>: nothing when its time has come; the rest of the wait when that is at most
    /// <see cref="BulkLead"/>; null when it is longer, and the message is to be recorded <c>queued</c> and sent by a timer
    /// (a wait that long must survive the loss of the silo). So a number near its rate does not turn every other message
    /// into a queued one, with the storage writes and the timer that costs, for a wait of a millisecond.
    /// </summary>
    public static TimeSpan? HoldBeforeSend(DateTimeOffset at, DateTimeOffset now) =>
        at <= now ? TimeSpan.Zero : at - now <= BulkLead ? at - now : null;

    /// <summary>
    /// Waits until <paramref name="at"/> by <paramref name="clock"/>, at most <see cref="BulkLead"/>: a slot booked a moment
    /// ahead. Waited on the real clock (a test's engine clock may stand still).
    /// </summary>
    public static Task HoldAsync(DateTimeOffset at, TimeProvider clock) =>
        (HoldBeforeSend(at, clock.GetUtcNow()) ?? BulkLead) is { } wait && wait > TimeSpan.Zero ? Task.Delay(TimerWait(wait)) : Task.CompletedTask;

    /// <summary>
    /// The delay to give a timer so that it fires no earlier than <paramref name="wait"/> from now: timers count whole
    /// milliseconds of a millisecond tick, so a delay may end up to a millisecond short of the time asked for (a held
    /// message would go a fraction of a millisecond before its time on the number). Rounded up, plus one millisecond.
    /// </summary>
    public static TimeSpan TimerWait(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds) + 1);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
