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
        if (cluster.AdvertisedIPAddress is { } ip)
        {
            silo.ConfigureEndpoints(IPAddress.Parse(ip), cluster.SiloPort, cluster.GatewayPort);
        }
        else
        {
            // Orleans picks the machine's first non-loopback IPv4 address to advertise; the silo listens on all of them.
            silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        silo.UseSmsAzureStorage(configuration.GetConnectionString("AzureStorage")!, options.AzureStorage.TablePrefix);
        return silo;
    }
}
