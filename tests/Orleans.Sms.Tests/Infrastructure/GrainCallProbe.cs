using System.Collections.Concurrent;

namespace Orleans.Sms.Tests.Infrastructure;

/// <summary>
/// Counts the calls every grain of a cluster receives, by grain and method (an incoming call filter on each silo): what a
/// flow costs in grain calls, asserted where a test says how often something is read.
/// </summary>
public sealed class GrainCallProbe : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<(GrainId Grain, string Method, GrainId? From), int> _calls = new();

    /// <summary>
    /// Calls of <paramref name="method"/> (its name, e.g. <c>GetAsync</c>) that <paramref name="grain"/> received, from
    /// <paramref name="from"/> only when given (else from anyone).
    /// </summary>
    public int CallsOf(GrainId grain, string method, GrainId? from = null) =>
        _calls.Where(c => c.Key.Grain == grain && c.Key.Method == method && (from is null || c.Key.From == from)).Sum(c => c.Value);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod is { } method)
        {
            _calls.AddOrUpdate((context.TargetId, method.Name, context.SourceId), 1, (_, n) => n + 1);
        }
        await context.Invoke();
    }
}
