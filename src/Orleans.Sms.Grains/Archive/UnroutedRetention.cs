namespace Orleans.Sms.Archive;

/// <summary>
/// How long and how many unrouted messages an archive keeps (docs/api.md: Boundaries: nothing unbounded is kept for strangers):
/// each for <see cref="MaxAge"/> after it was received, and the newest <see cref="MaxPerNumber"/> per destination number.
/// </summary>
/// <param name="MaxAge">How long a message is kept after it was received.</param>
/// <param name="MaxPerNumber">The most messages kept for one destination number; a new one pushes out the oldest.</param>
public sealed record class UnroutedRetention(TimeSpan MaxAge, int MaxPerNumber)
{
    /// <summary>30 days, 10,000 per number.</summary>
    public static UnroutedRetention Default { get; } = new(TimeSpan.FromDays(30), 10_000);

    /// <summary>True when a message received at <paramref name="receivedAt"/> is no longer kept at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset receivedAt, DateTimeOffset now) => now - receivedAt >= MaxAge;
}
