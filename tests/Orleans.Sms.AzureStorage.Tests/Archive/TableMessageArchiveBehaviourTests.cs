using Orleans.Sms.Archive;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;

namespace Orleans.Sms.AzureStorage.Tests.Archive;

/// <summary>The Azure Tables archive against Azurite, held to the behaviour of the memory archive.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableMessageArchiveBehaviourTests(AzuriteFixture azurite) : MessageArchiveBehaviour
{
    protected override IMessageArchive Create(TimeProvider clock, UnroutedRetention retention) =>
        new TableMessageArchive(azurite.NewServiceClient(), AzuriteFixture.NewPrefix(), clock, retention);
}
