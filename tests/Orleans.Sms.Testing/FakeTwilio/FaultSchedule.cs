namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>Faults waiting per route, in injection order, each for a number of requests.</summary>
internal sealed class FaultSchedule
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FakeTwilioRoute, List<(TwilioFault Fault, int Remaining)>> _faults = [];

    public void Add(FakeTwilioRoute route, TwilioFault fault, int times)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            if (!_faults.TryGetValue(route, out var pending))
            {
                _faults[route] = pending = [];
            }
            pending.Add((fault, times));
        }
    }

    /// <summary>The fault for the next request on <paramref name="route"/>, if one is waiting.</summary>
    public TwilioFault? Take(FakeTwilioRoute route)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue(route, out var pending) || pending.Count == 0)
            {
                return null;
            }
            var (fault, remaining) = pending[0];
            if (remaining == FakeTwilioServer.Always)
            {
                return fault;
            }
            if (remaining == 1)
            {
                pending.RemoveAt(0);
            }
            else
            {
                pending[0] = (fault, remaining - 1);
            }
            return fault;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }
}
