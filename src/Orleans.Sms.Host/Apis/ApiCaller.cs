using System.Security.Claims;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Host.Apis;

/// <summary>The authenticated tenant and environment of an API request (from <c>X-Api-Key</c>).</summary>
public sealed record class ApiCaller(string TenantId, string Environment)
{
    /// <summary>What the key acts as: its tenant in its environment. Every grain's ownership check takes this.</summary>
    public ResourceOwner Owner { get; } = new(TenantId, Environment);

    /// <summary>Minimal-API binding: authentication has already run and put the grant into the principal.</summary>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context.User));

    /// <summary>A key acts in its own environment only: naming another one is refused.</summary>
    public SmsError? EnvironmentMismatch(string? requested) =>
        requested is null || requested == Environment
            ? null
            : new SmsError(SmsErrorCodes.EnvironmentMismatch, $"This API key is for the {Environment} environment, not {requested}.");

    public static ApiCaller? From(ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyAuthentication.TenantClaim)?.Value is { } tenant
        && user.FindFirst(ApiKeyAuthentication.EnvironmentClaim)?.Value is { } environment
            ? new ApiCaller(tenant, environment)
            : null;
}
