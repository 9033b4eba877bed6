using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
using Orleans.Sms.Hosting;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.AzureStorage.Tests.Hosting;

/// <summary>
/// Real silo hosts on loopback TCP that find each other only through the silo table of
/// <see cref="AzureStorageSiloBuilderExtensions.UseSmsAzureStorage"/>, and a client that finds them the same way.
/// </summary>
[Collection(AzureClusterCollection.Name)]
public sealed class AzureClusteringTests(AzureClusterFixture fixture) : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = fixture.Azurite;
    private readonly SmsTableNames _tables = new(AzuriteFixture.NewPrefix());
    private readonly string _clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IHost> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Client first, then silos in reverse order of start.
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _hosts[i].StopAsync(stop.Token);
            _hosts[i].Dispose();
        }
    }

    [Fact]
    public async Task Cluster_TwoSiloHosts_JoinThroughTheSiloTableAndServeAClient()
    {
        await StartSiloAsync();
        await StartSiloAsync();
        var client = await StartClientAsync();

        var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IProbeGrain>("clustered");
        await grain.SaveAsync("through the gateway");

        Assert.Equal("through the gateway", (await grain.ReadAsync()).Value);
        var silos = await RowsAsync(_tables.Silos);
        Assert.Equal(2, silos.Count(r => r.GetString("Status") == "Active"));
    }

    private async Task StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_clusterId, _clusterId));
            silo.ConfigureEndpoints(IPAddress.Loopback, Ports.Free(), Ports.Free());
            silo.UseSmsAzureStorage(_azurite.ConnectionString, _tables.Prefix);
        });
        await StartAsync(builder.Build());
    }

    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_clusterId, _clusterId));
            client.UseSmsAzureStorageClustering(_azurite.ConnectionString, _tables.Prefix);
        });
        return await StartAsync(builder.Build());
    }

    private async Task<IHost> StartAsync(IHost host)
    {
        _hosts.Add(host);
        using var start = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(start.Token);
        return host;
    }

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _azurite.NewServiceClient().GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        return rows;
    }

}
