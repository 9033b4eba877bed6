using System.Net;
using Orleans.Configuration;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Host.Hosting;

/// <summary>The silo's clustering, grain state, reminders and archive for <c>Sms:Storage</c>.</summary>
internal static class SiloStorage
{
    public static ISiloBuilder UseSmsStorage(this ISiloBuilder silo, SmsHostOptions options, IConfiguration configuration)
    {
        var cluster = options.Cluster;
        if (options.IsMemory)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
            return silo.UseSmsMemoryStorage();
        }
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
        silo.ConfigureEndpoints(
            cluster.AdvertisedIPAddress is { } ip ? IPAddress.Parse(ip) : null!,
            cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.AdvertisedIPAddress is null);
        silo.UseSmsAzureStorage(configuration.GetConnectionString("AzureStorage")!, options.AzureStorage.TablePrefix);
        return silo;
    }
}
