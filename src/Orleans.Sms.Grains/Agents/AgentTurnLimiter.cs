namespace Orleans.Sms.Agents;

/// <summary>
/// The agent turns of one silo (<see cref="AgentOptions.MaxConcurrentTurns"/> at once). The turn worker is reentrant, so
/// without a bound a slow or hanging agent would gather every conversation's turn as an open call; with it, turns past
/// the bound wait for a slot, and one that waits <see cref="MaxWait"/> fails like a turn the agent did not answer.
/// </summary>
internal sealed class AgentTurnLimiter(
    IOptions<AgentOptions> options, [FromKeyedServices(SmsClock.Key)] TimeProvider clock, Telemetry.SmsMetrics metrics)
{
    /// <summary>
    /// A turn that waited this long and then took the agent's whole <see cref="AgentTurnWorker.Timeout"/> still reports
    /// (with a margin) before its conversation gives up on it (<see cref="AgentTurnWorker.LostAfter"/>).
    /// </summary>
    public static readonly TimeSpan MaxWait = AgentTurnWorker.LostAfter - AgentTurnWorker.Timeout - TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentTurns);

    /// <summary>A slot to release when the turn is done, or null when none came free within <see cref="MaxWait"/>.</summary>
    public async Task<IDisposable?> EnterAsync()
    {
        if (_slots.Wait(0))
        {
            return new Slot(_slots);
        }
        using var timeout = new CancellationTokenSource(MaxWait, clock);
        metrics.TurnWaiting(true);
        try
        {
            await _slots.WaitAsync(timeout.Token);
            return new Slot(_slots);
        }
        catch (OperationCanceledException)
        {
            metrics.TurnStarved();
            return null;
        }
        finally
        {
            metrics.TurnWaiting(false);
        }
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
