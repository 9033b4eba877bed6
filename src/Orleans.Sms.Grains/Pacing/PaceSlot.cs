namespace Orleans.Sms.Pacing;

/// <summary>A message's time on its number: it may go at <see cref="SendAt"/>; the number is free again at <see cref="FreeAt"/>.</summary>
internal readonly record struct PaceSlot(DateTimeOffset SendAt, DateTimeOffset FreeAt);

/// <summary>
/// The answer to a request for the number's time: the message may go at <see cref="At"/> when <see cref="Booked"/>; else
/// the number is busy until <see cref="At"/> and nothing was booked (a bulk sender asks again then).
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.PaceTurn")]
internal readonly record struct PaceTurn([property: Id(0)] DateTimeOffset At, [property: Id(1)] bool Booked);

/// <summary>
/// The answer to a bulk sender's request for several messages: the first <c>SendAt.Count</c> are booked, each to go at
/// its instant; the others were not booked, and the sender asks again for them at <see cref="AskAgainAt"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.BulkTurn")]
internal sealed record class BulkTurn([property: Id(0)] IReadOnlyList<DateTimeOffset> SendAt, [property: Id(1)] DateTimeOffset? AskAgainAt);
