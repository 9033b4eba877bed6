using Orleans.Sms.Hosting;

namespace Orleans.Sms.Pacing;

/// <summary>
/// The one activation per sender number that hands out its time (<see cref="SendPacing"/>), so the rate holds whichever silo
/// the senders run on.
/// </summary>
/// <remarks>
/// The line and the back-off are kept in memory only: they are a few instants, and losing them (a silo lost, the
/// activation collected) forgets no more than the slots handed out and not yet over, so at worst the next message goes up
/// to one slot early per lost reservation, and a number backed off after an overflow goes at its own rate again up to a
/// few minutes early. The activation is kept while the time it booked is still to come, and while the number is backed
/// off. Reentrant: it has no awaits, so every call runs to its end alone.
/// </remarks>
[Reentrant]
internal sealed class SenderPaceGrain([FromKeyedServices(SmsClock.Key)] TimeProvider clock) : Grain, ISenderPaceGrain
{
    private readonly SendPacing _line = new();
    private readonly OverflowBackOff _backOff = new();

    public Task<PaceTurn> ReserveAsync(int segments, double mps, SendPriority priority, DateTimeOffset? waitedUntil = null)
    {
        var now = clock.GetUtcNow();
        now = waitedUntil > now ? waitedUntil.Value : now;
        var turn = _line.Reserve(segments, _backOff.Rate(mps, now), priority, now);
        KeepWhileBooked(now);
        return Task.FromResult(turn);
    }

    public Task<BulkTurn> ReserveBulkAsync(IReadOnlyList<int> segments, double mps, DateTimeOffset? waitedUntil = null)
    {
        var now = clock.GetUtcNow();
        now = waitedUntil > now ? waitedUntil.Value : now;
        var turn = _line.ReserveBulk(segments, _backOff.Rate(mps, now), now);
        KeepWhileBooked(now);
        return Task.FromResult(turn);
    }

    public Task QueueOverflowedAsync()
    {
        var now = clock.GetUtcNow();
        _backOff.Overflowed(now);
        KeepWhileBooked(now);
        return Task.CompletedTask;
    }

    private void KeepWhileBooked(DateTimeOffset now)
    {
        var until = _backOff.BackedOffUntil is { } backedOff && backedOff > _line.FreeAt ? backedOff : _line.FreeAt;
        if (until > now)
        {
            DelayDeactivation(until - now);
        }
    }
}
