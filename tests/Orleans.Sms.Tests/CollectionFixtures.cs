using Orleans.Sms.Tests.Infrastructure;

namespace Orleans.Sms.Tests;

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
