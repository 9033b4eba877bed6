namespace Orleans.Sms.Pacing;

/// <summary>
/// The send rate of one sender number across the cluster (CONTRACT §15), keyed by the number in E.164. Every send of the
/// engine from that number reserves its time here first, then waits for it with its own timer; the grain never waits.
/// </summary>
/// <remarks>
/// How to use it: count the message's segments, take the number's rate (<c>NumberRules.MpsOf</c> of its
/// <c>PhoneNumberInfo</c>), call <see cref="ReserveAsync"/> right before the send would go, wait until the instant it
/// returns (it may be now or in the past: send at once), then send. A bulk sender asks for one message at a time, just
/// before it sends, never for a batch ahead (see <see cref="SendPacing"/>).
/// </remarks>
[Alias("sms.ISenderPaceGrain")]
internal interface ISenderPaceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves the number's time for a message of <paramref name="segments"/> (at least 1) at <paramref name="mps"/> segments
    /// per second (positive); returns the instant the message may go.
    /// </summary>
    [Alias("ReserveAsync")]
    Task<DateTimeOffset> ReserveAsync(int segments, double mps, SendPriority priority);
}
