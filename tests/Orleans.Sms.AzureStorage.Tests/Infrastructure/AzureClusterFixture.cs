using Orleans.Hosting;
using Orleans.Sms.Hosting;
using Orleans.TestingHost;

namespace Orleans.Sms.AzureStorage.Tests.Infrastructure;

/// <summary>
/// Two in-process engine silos (<see cref="SmsSiloBuilderExtensions.AddSmsSilo"/> in AzureStorage mode, so
/// <see cref="AzureStorageSiloBuilderExtensions.UseSmsAzureStorage"/>) against an
/// Azurite of their own, shared by the tests of <see cref="AzureClusterCollection"/> (each uses its own grain keys).
/// The test cluster registers its in-process membership after ours, so membership stays in memory here; Azure
/// clustering is proven with real hosts by <c>AzureClusteringTests</c>.
/// </summary>
public sealed class AzureClusterFixture : IAsyncLifetime
{
    public AzuriteFixture Azurite { get; } = new();

    public SmsTableNames Tables { get; } = new(AzuriteFixture.NewPrefix());

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSmsSilo(new SmsSiloOptions
            {
                Storage = SmsStorageMode.AzureStorage,
                AzureStorageConnectionString = Azurite.ConnectionString,
                AzureStorageTablePrefix = Tables.Prefix,
                Endpoints = null, // the test cluster's ports and in-process membership
            });
            // Tests only: a reminder every second instead of Orleans' one-minute minimum.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
        await Azurite.DisposeAsync();
    }
}
