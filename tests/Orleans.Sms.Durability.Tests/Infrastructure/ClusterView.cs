using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Sms.AzureStorage;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// What the test needs to see of a cluster from outside: where grains live (an Orleans client asks the management
/// grain) and what the membership table says of each silo (read straight from Azure Table Storage).
/// </summary>
public sealed class ClusterView : IAsyncDisposable
{
    private readonly IHost _client;
    private readonly TableClient _silos;

    private ClusterView(IHost client, TableClient silos)
    {
        _client = client;
        _silos = silos;
    }

    public static async Task<ClusterView> ConnectAsync(AzuriteServer azurite, EngineConfig engine)
    {
        var client = new HostBuilder()
            .UseOrleansClient(orleans =>
            {
                orleans.UseSmsAzureStorageClustering(azurite.ConnectionString, engine.TablePrefix);
                orleans.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (engine.ClusterId, engine.ClusterId));
            })
            .Build();
        await client.StartAsync();
        return new ClusterView(client, new TableClient(azurite.ConnectionString, new SmsTableNames(engine.TablePrefix).Silos));
    }

    private IManagementGrain Management => _client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);

    /// <summary>The silo port of every active conversation grain, by conversation id.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ConversationsBySiloPortAsync()
    {
        var activations = await Management.GetDetailedGrainStatistics();
        return activations
            .Where(a => a.GrainId.Type.ToString() == "conversation")
            .DistinctBy(a => a.GrainId) // an activation being moved may show twice for a moment
            .ToDictionary(a => a.GrainId.Key.ToString()!, a => a.SiloAddress.Endpoint.Port);
    }

    /// <summary>The ports of the silos the cluster itself counts as active.</summary>
    public async Task<IReadOnlyList<int>> ActiveSiloPortsAsync()
    {
        var hosts = await Management.GetHosts(onlyActive: true);
        return [.. hosts.Keys.Select(silo => silo.Endpoint.Port).Order()];
    }

    /// <summary>The membership table's status of the silo on <paramref name="siloPort"/> (its newest generation).</summary>
    public async Task<string?> MembershipStatusAsync(int siloPort)
    {
        var port = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        TableEntity? newest = null;
        await foreach (var row in _silos.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Port eq {port}")))
        {
            if (newest is null || string.CompareOrdinal(row.GetString("Generation"), newest.GetString("Generation")) > 0)
            {
                newest = row;
            }
        }
        return newest?.GetString("Status");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _client.Dispose();
        }
    }
}
