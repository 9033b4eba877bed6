using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests;

/// <summary>The behavioural suite's cluster on <c>Sms:Storage=Memory</c>.</summary>
[CollectionDefinition(Name)]
public sealed class MemoryClusterCollection : ICollectionFixture<ClusterFixture<MemoryClusterStorage>>
{
    public const string Name = "cluster-memory";
}

/// <summary>The behavioural suite's cluster on <c>Sms:Storage=AzureStorage</c> (Azurite); runs beside the memory one.</summary>
[CollectionDefinition(Name)]
public sealed class AzureClusterCollection : ICollectionFixture<ClusterFixture<AzureClusterStorage>>
{
    public const string Name = "cluster-azure";
}
