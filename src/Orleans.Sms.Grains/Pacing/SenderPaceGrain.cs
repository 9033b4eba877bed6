using Orleans.Sms.Hosting;

namespace Orleans.Sms.Pacing;

/// <summary>
/// The one activation per sender number that hands out its time (<see cref="SendPacing"/>), so the rate holds whichever silo
/// the senders run on.
/// </summary>
/// <remarks>
/// The line is kept in memory only: it is a few instants, and losing it (a silo lost, the activation collected) forgets no
/// more than the slots handed out and not yet over, so at worst the next message goes up to one slot early per lost
/// reservation. The activation is kept while the time it booked is still to come. Reentrant: it has no awaits, so every
/// call runs to its end alone.
/// </remarks>
[Reentrant]
internal sealed class SenderPaceGrain([FromKeyedServices(SmsClock.Key)] TimeProvider clock) : Grain, ISenderPaceGrain
{
    private readonly SendPacing _line = new();

    public Task<PaceTurn> ReserveAsync(int segments, double mps, SendPriority priority, DateTimeOffset? waitedUntil = null)
    {
        var now = clock.GetUtcNow();
        now = waitedUntil > now ? waitedUntil.Value : now;
        var turn = _line.Reserve(segments, mps, priority, now);
        KeepWhileBooked(now);
        return Task.FromResult(turn);
    }

    public Task<BulkTurn> ReserveBulkAsync(IReadOnlyList<int> segments, double mps, DateTimeOffset? waitedUntil = null)
    {
        var now = clock.GetUtcNow();
        now = waitedUntil > now ? waitedUntil.Value : now;
        var turn = _line.ReserveBulk(segments, mps, now);
        KeepWhileBooked(now);
        return Task.FromResult(turn);
    }

    private void KeepWhileBooked(DateTimeOffset now)
    {
        if (_line.FreeAt > now)
        {
            DelayDeactivation(_line.FreeAt - now);
        }
    }
}
