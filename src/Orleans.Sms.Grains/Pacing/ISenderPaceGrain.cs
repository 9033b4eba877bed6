namespace Orleans.Sms.Pacing;

/// <summary>
/// The send rate of one sender number across the cluster (docs/api.md: Campaigns), keyed by the number in E.164. Every send of the
/// engine from that number reserves its time here first, then waits for it with its own timer; the grain never waits.
/// </summary>
/// <remarks>
/// How to use it: count the message's segments, take the number's rate (<c>NumberRules.MpsOf</c> of its
/// <c>PhoneNumberInfo</c>), call <see cref="ReserveAsync"/> right before the send would go. A conversation send is always
/// booked: it waits until the instant returned (it may be now or in the past: send at once), then sends. A bulk send goes
/// at once when booked; else the number is busy, nothing was booked, and it asks again at that instant (see
/// <see cref="SendPacing"/>).
/// </remarks>
[Alias("sms.ISenderPaceGrain")]
internal interface ISenderPaceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Asks for the number's time for a message of <paramref name="segments"/> (at least 1) at <paramref name="mps"/> segments
    /// per second (positive): when it may go, or (bulk, not booked) when to ask again. <paramref name="waitedUntil"/>: the instant a caller
    /// asking again was told to wait for (its timer may run on another clock than the engine's): the number's now is then
    /// not earlier than it.
    /// </summary>
    [Alias("ReserveAsync")]
    Task<PaceTurn> ReserveAsync(int segments, double mps, SendPriority priority, DateTimeOffset? waitedUntil = null);

    /// <summary>
    /// Books bulk time for several messages of one sender at once (<see cref="SendPacing.ReserveBulk"/>): those that may go
    /// within a short lead, each at its instant (the caller waits for it), and when to ask again for the rest.
    /// <paramref name="waitedUntil"/> as for <see cref="ReserveAsync"/>.
    /// </summary>
    [Alias("ReserveBulkAsync")]
    Task<BulkTurn> ReserveBulkAsync(IReadOnlyList<int> segments, double mps, DateTimeOffset? waitedUntil = null);

    /// <summary>
    /// The provider dropped a message of this number from its queue (Twilio's 30001): the number slows down
    /// (<see cref="OverflowBackOff"/>) for every sender of the engine.
    /// </summary>
    [Alias("QueueOverflowedAsync")]
    Task QueueOverflowedAsync();
}
