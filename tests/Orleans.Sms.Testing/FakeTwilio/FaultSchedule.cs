namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>Faults waiting per route, in injection order, each for a number of requests.</summary>
internal sealed class FaultSchedule
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FakeTwilioRoute, List<(TwilioFault Fault, int Remaining, string? To)>> _faults = [];

    /// <param name="to">Only requests whose field <c>To</c> (form, or query for a list) is this number get the fault (null: any request).</param>
    public void Add(FakeTwilioRoute route, TwilioFault fault, int times, string? to = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            if (!_faults.TryGetValue(route, out var pending))
            {
                _faults[route] = pending = [];
            }
            pending.Add((fault, times, to));
        }
    }

    /// <summary>The fault for the next request on <paramref name="route"/> (to <paramref name="to"/>), if one is waiting.</summary>
    public TwilioFault? Take(FakeTwilioRoute route, string? to = null)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue(route, out var pending))
            {
                return null;
            }
            var index = pending.FindIndex(f => f.To is null || f.To == to);
            if (index < 0)
            {
                return null;
            }
            var (fault, remaining, only) = pending[index];
            if (remaining == FakeTwilioServer.Always)
            {
                return fault;
            }
            if (remaining == 1)
            {
                pending.RemoveAt(index);
            }
            else
            {
                pending[index] = (fault, remaining - 1, only);
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
