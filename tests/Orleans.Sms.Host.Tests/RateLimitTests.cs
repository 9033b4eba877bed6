using System.Net;
using System.Net.Http.Json;

namespace Orleans.Sms.Host.Tests;

/// <summary>Per-tenant rate limiting: one tenant's flood gets 429 with Retry-After, another tenant is untouched.</summary>
public sealed class RateLimitTests : IClassFixture<RateLimitedHostFactory>
{
    private readonly RateLimitedHostFactory _factory;

    public RateLimitTests(RateLimitedHostFactory factory) => _factory = factory;

    [Fact]
    public async Task FloodingTenant_Gets429WhileAnotherTenantIsServed()
    {
        var grains = (IGrainFactory)_factory.Services.GetService(typeof(IGrainFactory))!;
        var flooding = await NewClientAsync(grains, "ten_flood");
        var quiet = await NewClientAsync(grains, "ten_quiet");

        var flood = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => flooding.GetAsync("/v1/use-cases")));
        var quietAnswers = await Task.WhenAll(Enumerable.Range(0, RateLimitedHostFactory.PermitsPerSecond).Select(_ => quiet.GetAsync("/v1/use-cases")));

        var limited = flood.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(flood.Count(r => r.StatusCode == HttpStatusCode.OK), 1, 2 * RateLimitedHostFactory.PermitsPerSecond);
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(int.Parse(r.Headers.GetValues("Retry-After").Single()) >= 1));
        await ErrorTests.AssertProblemAsync(limited[0], HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.All(quietAnswers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    private async Task<HttpClient> NewClientAsync(IGrainFactory grains, string tenantId)
    {
        var tenant = grains.GetGrain<Tenants.ITenantGrain>(tenantId);
        await tenant.CreateAsync(tenantId);
        return _factory.CreateApiClient((await tenant.IssueApiKeyAsync("live")).ApiKey);
    }
}
