using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Infrastructure;

/// <summary>What the behavioural suite takes for granted of its own cluster.</summary>
public abstract class ClusterFixtureTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : ClusterFixtureTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : ClusterFixtureTests(fixture);

    /// <summary>
    /// Tests read the archive through <see cref="ClusterFixture.Archive"/>; a conversation writes it through its silo's.
    /// The silos are configured in parallel, and once two of them got two memory archives: a conversation placed on the
    /// other one archived where no test reads, and the archive tests timed out.
    /// </summary>
    [Fact]
    public async Task EverySilo_ArchivesWhereTheTestsRead()
    {
        Assert.True(fixture.Cluster.Silos.Count > 1);
        foreach (var silo in fixture.Cluster.Silos)
        {
            var conversationId = $"fixture-check-{Guid.NewGuid():N}";
            var message = new SmsMessage(
                "msg_fixture_check", "ses_fixture_check", MessageDirection.Inbound, MessageRole.User, MessageSource.Inbound,
                $"written on {silo.SiloAddress}", fixture.Clock.GetUtcNow(), 1, SmsEncoding.Gsm7, null, DeliveryStatus.Received, null, []);

            await fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IMessageArchive>()
                .AppendAsync(conversationId, message);

            Assert.Equal([message.Body], (await fixture.Archive.ReadAsync(conversationId, null, 10)).Select(m => m.Body));
        }
    }
}
