namespace Orleans.Sms.Pacing;

/// <summary>
/// How a number slows down when its provider drops its messages from the queue (Twilio's 30001, in a status callback):
/// the number is sending faster than its carriers take, so its rate is halved, down to a sixteenth; each minute without a
/// new overflow doubles it back, until the number is at its own rate again (docs/api.md: Campaigns). A plain rule: the
/// number's pace grain keeps one and applies it to every reservation.
/// </summary>
/// <remarks>
/// Overflows reported within <see cref="Burst"/> of a halving halve nothing more: they are messages sent before it, at the
/// rate it already cut, whose callbacks came in one burst.
/// </remarks>
internal sealed class OverflowBackOff
{
    /// <summary>The most halvings: the number goes at no less than a sixteenth of its rate.</summary>
    public const int MaxHalvings = 4;

    /// <summary>After a halving, the overflows of the messages already sent: they cut nothing more.</summary>
    public static readonly TimeSpan Burst = TimeSpan.FromSeconds(10);

    /// <summary>Each span this long without an overflow takes back one halving.</summary>
    public static readonly TimeSpan Recovery = TimeSpan.FromMinutes(1);

    private int _halvings;
    private DateTimeOffset _cutAt;

    /// <summary>The provider dropped a message of the number at <paramref name="now"/>.</summary>
    public void Overflowed(DateTimeOffset now)
    {
        var halvings = HalvingsAt(now);
        if (halvings > 0 && now - _cutAt < Burst)
        {
            return;
        }
        _halvings = Math.Min(MaxHalvings, halvings + 1);
        _cutAt = now;
    }

    /// <summary>How many times the number's rate is halved at <paramref name="now"/>.</summary>
    public int HalvingsAt(DateTimeOffset now)
    {
        if (_halvings == 0)
        {
            return 0;
        }
        var quiet = now - _cutAt;
        var recovered = quiet <= TimeSpan.Zero ? 0 : (int)Math.Min(MaxHalvings, quiet.Ticks / Recovery.Ticks);
        return Math.Max(0, _halvings - recovered);
    }

    /// <summary>The rate the number goes at <paramref name="now"/>: its own <paramref name="mps"/>, halved as often as it is backed off.</summary>
    public double Rate(double mps, DateTimeOffset now) => mps / (1 << HalvingsAt(now));

    /// <summary>When the number is back at its own rate; null when it was never backed off.</summary>
    public DateTimeOffset? BackedOffUntil => _halvings == 0 ? null : _cutAt + Recovery * _halvings;
}
