using Orleans.Sms.AzureStorage.Contacts;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
using Orleans.Sms.Contacts;

namespace Orleans.Sms.AzureStorage.Tests.Contacts;

/// <summary>The reference: the embedded default's memory store.</summary>
public sealed class MemoryContactStoreTests : ContactStoreBehaviour
{
    protected override IContactStore Create() => new MemoryContactStore();
}

/// <summary>The Azure Tables store against Azurite, held to the same behaviour.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableContactStoreTests(AzuriteFixture azurite) : ContactStoreBehaviour
{
    protected override IContactStore Create() => new TableContactStore(azurite.NewServiceClient(), AzuriteFixture.NewPrefix());
}
