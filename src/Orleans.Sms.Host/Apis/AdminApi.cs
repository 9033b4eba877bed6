using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Messaging;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Host.Apis;

/// <summary>Operator routes behind <c>X-Admin-Key</c> (docs/api.md: Tenants and environments): tenants, their API keys, unrouted messages.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/admin").RequireAuthorization(AdminKeyAuthentication.Policy).WithTags("Admin");
        api.MapPost("/tenants", CreateTenantAsync);
        api.MapPost("/tenants/{tenantId}/api-keys", IssueKeyAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound);
        api.MapDelete("/tenants/{tenantId}/api-keys/{keyId}", RevokeKeyAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound);
        api.MapGet("/unrouted", UnroutedAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidPhoneNumber);
        return api;
    }

    public sealed record class TenantRequest(string? Name);

    public sealed record class TenantCreated(string TenantId, string Name);

    public sealed record class KeyRequest(string? Environment);

    public sealed record class UnroutedList(string To, IReadOnlyList<InboundSms> Messages);

    private static async Task<Results<Created<TenantCreated>, ProblemHttpResult>> CreateTenantAsync(TenantRequest request, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > FieldLimits.Name)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, $"'name' is required (at most {FieldLimits.Name} characters).");
        }
        var tenantId = "ten_" + Guid.NewGuid().ToString("N");
        var tenant = await grains.GetGrain<ITenantGrain>(tenantId).CreateAsync(request.Name.Trim());
        return TypedResults.Created($"/v1/admin/tenants/{tenantId}", new TenantCreated(tenant.TenantId, tenant.Name));
    }

    private static async Task<Results<Created<IssuedApiKey>, ProblemHttpResult>> IssueKeyAsync(
        string tenantId, KeyRequest request, IGrainFactory grains)
    {
        if (request.Environment is null || !ApiKeys.Environments.Contains(request.Environment))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, $"'environment' must be one of {string.Join(", ", ApiKeys.Environments)}.");
        }
        var tenant = grains.GetGrain<ITenantGrain>(tenantId);
        if (await tenant.GetAsync() is null)
        {
            return Problems.NotFound($"No tenant {tenantId}.");
        }
        var issued = await tenant.IssueApiKeyAsync(request.Environment);
        return TypedResults.Created($"/v1/admin/tenants/{tenantId}/api-keys/{issued.KeyId}", issued);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(string tenantId, string keyId, IGrainFactory grains) =>
        await grains.GetGrain<ITenantGrain>(tenantId).RevokeApiKeyAsync(keyId)
            ? TypedResults.NoContent()
            : Problems.NotFound($"No API key {keyId} for tenant {tenantId}.");

    private static async Task<Results<Ok<UnroutedList>, ProblemHttpResult>> UnroutedAsync(string? to, IMessageArchive archive, CancellationToken cancellationToken)
    {
        if (!E164.TryNormalize(to, out var number))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"'to' is not a phone number: '{to}'.");
        }
        return TypedResults.Ok(new UnroutedList(number, await archive.ReadUnroutedAsync(number, cancellationToken)));
    }
}
