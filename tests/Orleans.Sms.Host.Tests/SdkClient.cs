using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Sms.Client;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Host.Tests;

/// <summary>
/// The client SDK in a process of its own (a separate host with <c>AddOrleansSmsClient</c>), connected to the gateway of
/// the host under test as another .NET service is; engines of other owners share its Orleans client.
/// </summary>
public sealed class SdkClient : IAsyncDisposable
{
    private readonly IHost _host;

    private SdkClient(IHost host) => _host = host;

    /// <summary>The engine <c>AddOrleansSmsClient</c> registered, for the tenant and environment it was started with.</summary>
    public ISmsEngine Engine => _host.Services.GetRequiredService<ISmsEngine>();

    public static async Task<SdkClient> StartAsync(SmsHostFactory factory, string tenantId, string environment = "live")
    {
        var gatewayPort = int.Parse(factory.Services.GetRequiredService<IConfiguration>()["Sms:Cluster:GatewayPort"]!);
        // The host's own ids (an Azure-storage host's differ from the localhost default); its gateway is reached directly.
        var cluster = factory.Services.GetRequiredService<IOptions<Orleans.Configuration.ClusterOptions>>().Value;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddOrleansSmsClient(o => (o.TenantId, o.Environment, o.GatewayPorts, o.ClusterId, o.ServiceId) =
            (tenantId, environment, [gatewayPort], cluster.ClusterId, cluster.ServiceId));
        var host = builder.Build();
        await host.StartAsync();
        return new SdkClient(host);
    }

    /// <summary>An engine of another owner over the same Orleans client.</summary>
    public ISmsEngine EngineFor(string tenantId, string environment) =>
        new SmsEngine(_host.Services.GetRequiredService<IClusterClient>(), new SmsClientOptions { TenantId = tenantId, Environment = environment });

    /// <summary>The Orleans client itself, for what the SDK does not offer (a barrier published to a hub).</summary>
    public IClusterClient Cluster => _host.Services.GetRequiredService<IClusterClient>();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
