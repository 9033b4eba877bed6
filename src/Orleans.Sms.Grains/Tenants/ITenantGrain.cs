namespace Orleans.Sms.Tenants;

/// <summary>A tenant: a business using the engine. Keyed by tenant id.</summary>
[Alias("sms.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant; creating it again with the same name is a no-op.</summary>
    [Alias("CreateAsync")]
    Task<TenantInfo> CreateAsync(string name);

    /// <summary>The tenant, or null when it does not exist.</summary>
    [Alias("GetAsync"), ReadOnly]
    Task<TenantInfo?> GetAsync();

    /// <summary>Remembers a use case of the tenant (for listing).</summary>
    [Alias("AddUseCaseAsync")]
    Task AddUseCaseAsync(string useCaseId, string environment);

    /// <summary>Forgets a deleted use case.</summary>
    [Alias("RemoveUseCaseAsync")]
    Task RemoveUseCaseAsync(string useCaseId);

    /// <summary>The tenant's use case ids in one environment, oldest first.</summary>
    [Alias("ListUseCasesAsync"), ReadOnly]
    Task<IReadOnlyList<string>> ListUseCasesAsync(string environment);

    /// <summary>Issues a new API key for an environment. The key is returned once; only its hash is stored.</summary>
    [Alias("IssueApiKeyAsync")]
    Task<IssuedApiKey> IssueApiKeyAsync(string environment);

    /// <summary>Revokes one of the tenant's keys; false when the tenant has no key with that id.</summary>
    [Alias("RevokeApiKeyAsync")]
    Task<bool> RevokeApiKeyAsync(string keyId);
}

/// <summary>A tenant.</summary>
/// <param name="TenantId">Id.</param>
/// <param name="Name">Display name.</param>
/// <param name="CreatedAt">Creation time.</param>
[GenerateSerializer, Immutable, Alias("sms.TenantInfo")]
public sealed record class TenantInfo(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>A newly issued API key: the only time the key itself is seen.</summary>
/// <param name="KeyId">Id to revoke it by.</param>
/// <param name="ApiKey">The key.</param>
/// <param name="Environment"><c>dev</c>, <c>sandbox</c> or <c>live</c>.</param>
[GenerateSerializer, Immutable, Alias("sms.IssuedApiKey")]
public sealed record class IssuedApiKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string ApiKey,
    [property: Id(2)] string Environment);

/// <summary>What an API key grants: one tenant in one environment.</summary>
/// <param name="TenantId">Owner.</param>
/// <param name="Environment"><c>dev</c>, <c>sandbox</c> or <c>live</c>.</param>
[GenerateSerializer, Immutable, Alias("sms.ApiKeyGrant")]
public sealed record class ApiKeyGrant(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Environment);

/// <summary>An API key, keyed by the keyed hash of the key (the key itself is never stored).</summary>
[Alias("sms.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Binds this key hash to a tenant and environment.</summary>
    [Alias("BindAsync")]
    Task BindAsync(ApiKeyGrant grant);

    /// <summary>What the key grants, or null for an unknown key.</summary>
    [Alias("ResolveAsync"), ReadOnly]
    Task<ApiKeyGrant?> ResolveAsync();

    /// <summary>Revokes the key: it resolves to nothing from now on.</summary>
    [Alias("RevokeAsync")]
    Task RevokeAsync();
}
