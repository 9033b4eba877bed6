using Orleans.Sms.AzureStorage.Tests.Infrastructure;

namespace Orleans.Sms.AzureStorage.Tests;

/// <summary>One Azurite process for the storage tests; each test keeps to its own table prefix.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

/// <summary>Silos on Azure Table Storage, with an Azurite of their own so they run beside the storage tests.</summary>
[CollectionDefinition(Name)]
public sealed class AzureClusterCollection : ICollectionFixture<AzureClusterFixture>
{
    public const string Name = "azure-cluster";
}
