using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Usage;

namespace Orleans.Sms.Host.Apis;

/// <summary><c>GET /v1/usage?from=&amp;to=</c>: the messages and segments of the key's tenant and environment per day (UTC), both days included.</summary>
public static class UsageApi
{
    public const int MaxDays = 366;

    public static RouteGroupBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").RequireAuthorization().RequireRateLimiting(TenantRateLimiting.Policy).WithTags("Usage");
        api.MapGet("/usage", GetAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidRequest);
        return api;
    }

    public sealed record class UsageReport(DateOnly From, DateOnly To, IReadOnlyList<DailyUsage> Days, DailyUsageTotals Totals);

    public sealed record class DailyUsageTotals(long InboundMessages, long InboundSegments, long OutboundMessages, long OutboundSegments);

    private static async Task<Results<Ok<UsageReport>, ProblemHttpResult>> GetAsync(string? from, string? to, ApiCaller caller, IGrainFactory grains)
    {
        if (!TryDay(from, out var first) || !TryDay(to, out var last) || last < first || last.DayNumber - first.DayNumber >= MaxDays)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, $"'from' and 'to' must be dates (yyyy-MM-dd), from <= to, at most {MaxDays} days.");
        }
        var days = await Task.WhenAll(Enumerable.Range(0, last.DayNumber - first.DayNumber + 1)
            .Select(i => grains.GetGrain<IUsageGrain>(IUsageGrain.KeyFor(caller.Owner, first.AddDays(i))).GetAsync()));
        var totals = new DailyUsageTotals(
            days.Sum(d => d.InboundMessages), days.Sum(d => d.InboundSegments), days.Sum(d => d.OutboundMessages), days.Sum(d => d.OutboundSegments));
        return TypedResults.Ok(new UsageReport(first, last, days, totals));
    }

    private static bool TryDay(string? value, out DateOnly day) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
