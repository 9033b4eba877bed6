using Orleans.Sms.Errors;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Orleans.Sms.Host.Hosting;

/// <summary>Per-tenant API rate limit. Bound from <c>Sms:RateLimit</c>.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Sms:RateLimit";

    /// <summary>Requests per second one tenant may make (a token bucket of one second's worth).</summary>
    public int PermitsPerSecond { get; set; } = 50;
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options) =>
        options.PermitsPerSecond is >= 1 and <= 1_000_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{RateLimitOptions.SectionName}:PermitsPerSecond must be between 1 and 1000000 (got '{options.PermitsPerSecond}').");
}

/// <summary>
/// The ASP.NET Core rate limiter, partitioned by tenant: each tenant has its own token bucket, so one tenant's
/// flood only ever empties its own. The buckets live in each host process: with several silos behind a load
/// balancer the effective limit is per host (a global limit would put a shared counter on every request).
/// </summary>
internal static class TenantRateLimiting
{
    public const string Policy = "tenant";

    public static void AddTenantRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PermitsPerSecond;
                var tenant = context.User.FindFirst(ApiKeyAuthentication.TenantClaim)?.Value ?? "anonymous";
                return RateLimitPartition.GetTokenBucketLimiter(tenant, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = permits,
                    TokensPerPeriod = permits,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                rejected.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.Create(429, SmsErrorCodes.RateLimited, "Too many requests",
                    "This tenant's request rate is over Sms:RateLimit:PermitsPerSecond; retry after the Retry-After delay.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
    }
}
