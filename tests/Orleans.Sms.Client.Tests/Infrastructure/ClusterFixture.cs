using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Sms.Agents;
using Orleans.Sms.Archive;
using Orleans.Sms.Client;
using Orleans.Sms.Hosting;
using Orleans.TestingHost;

namespace Orleans.Sms.Client.Tests.Infrastructure;

/// <summary>
/// A real two-silo cluster of the engine's grains with the production defaults (simulator provider, echo agent),
/// configured as the engine's own grain tests configure theirs, and driven by a <see cref="FakeTimeProvider"/>.
/// Tests reach it through the cluster's client, exactly as another .NET service would.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private int _tenants;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The message archive, shared by the silos as a real external store is.</summary>
    public MemoryMessageArchive Archive { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(SmsClock.Key, Clock);
            silo.Services.AddSingleton<IMessageArchive>(Archive);
            silo.AddSmsSilo(new SmsSiloOptions { Endpoints = null }); // memory mode; the test cluster sets ports and membership
            silo.Services.Configure<Tenants.ApiKeyOptions>(o => o.HashKey = "client-tests");
            silo.Services.Configure<AgentOptions>(o => o.BatchWindow = TimeSpan.Zero);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>A fresh tenant with an sms use case (echo agent) and an agent number in its pool: nothing shared between tests.</summary>
    public Task<TestTenant> NewTenantAsync(string environment = "live") =>
        TestTenant.SeedAsync(Client, Interlocked.Increment(ref _tenants), environment);

    /// <summary>The facade for a tenant over the cluster's client; renewals run on <paramref name="time"/> (the real clock by default).</summary>
    public SmsEngine EngineFor(string tenantId, string environment = "live", TimeProvider? time = null) =>
        new(Client, new SmsClientOptions { TenantId = tenantId, Environment = environment }, time);
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
