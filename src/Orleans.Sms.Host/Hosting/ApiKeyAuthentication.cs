using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// <c>X-Api-Key</c> authentication: the key's hash names an <see cref="IApiKeyGrain"/> that says which tenant and
/// environment it belongs to. Failures answer 401 problem+json with code <c>unauthorized</c>.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    ApiKeyHasher hasher) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string TenantClaim = "sms:tenant";
    public const string EnvironmentClaim = "sms:environment";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.ToString() is not { Length: > 0 and <= 200 } key)
        {
            return AuthenticateResult.NoResult();
        }
        // The grain is found by the keyed hash itself, so no stored secret is ever compared byte by byte here.
        var grant = await grains.GetGrain<IApiKeyGrain>(hasher.Hash(key)).ResolveAsync();
        if (grant is null)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }
        var identity = new ClaimsIdentity(
            [new Claim(TenantClaim, grant.TenantId), new Claim(EnvironmentClaim, grant.Environment)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = Problems.Unauthorized($"Send a valid API key in the {Header} header.");
        await result.ExecuteAsync(Context);
    }
}
