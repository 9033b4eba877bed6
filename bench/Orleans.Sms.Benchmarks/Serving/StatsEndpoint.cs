using System.Text.Json;
using Orleans.Sms.Benchmarks.Infrastructure;

namespace Orleans.Sms.Benchmarks.Serving;

internal static class StatsEndpoint
{
    /// <summary>
    /// The process's own counters, for the load generator to difference around a phase. Serialized with default options:
    /// the engine's JSON options (snake_case) are not the load generator's.
    /// </summary>
    public static void MapBenchStats(this IEndpointRouteBuilder app) =>
        app.MapGet(ChildHost.StatsPath, () => Results.Text(JsonSerializer.Serialize(ProcessStats.Current()), "application/json"));
}
