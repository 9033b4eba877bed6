namespace Orleans.Sms.Tenants;

/// <summary>
/// Who a resource (conversation, use case, number) belongs to: one tenant in one environment. Environments are walls
/// (docs/api.md: Boundaries): a caller whose owner differs in either part sees the resource exactly as if it did not exist.
/// </summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Environment"><c>dev</c>, <c>sandbox</c> or <c>live</c>.</param>
[GenerateSerializer, Immutable, Alias("sms.ResourceOwner")]
public sealed record class ResourceOwner(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Environment)
{
    /// <summary>True when a resource held by <paramref name="tenantId"/> in <paramref name="environment"/> is this owner's.</summary>
    public bool Owns(string? tenantId, string? environment) =>
        string.Equals(TenantId, tenantId, StringComparison.Ordinal) && string.Equals(Environment, environment, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"{TenantId}/{Environment}";
}
