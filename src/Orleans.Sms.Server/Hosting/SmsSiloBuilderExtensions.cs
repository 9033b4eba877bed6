using System.Net;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orleans.Sms.Hosting;

/// <summary>Builds an engine silo: the one place the host, the test clusters and the benchmarks assemble theirs.</summary>
public static class SmsSiloBuilderExtensions
{
    /// <summary>
    /// Makes <paramref name="silo"/> an engine silo: the grains' services (<see cref="SmsGrainsServiceCollectionExtensions.AddSmsGrainServices"/>),
    /// grain storage, reminders and archive for <see cref="SmsSiloOptions.Storage"/>, membership and endpoints for it
    /// (unless <see cref="SmsSiloOptions.Endpoints"/> is null), and the provider of <see cref="SmsSiloOptions.Provider"/>.
    /// Services registered before this call win over the engine's defaults (archive, sender, clock), as
    /// <c>AddSmsGrainServices</c> only tries to add those.
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="options">How to build it; invalid options throw <see cref="OptionsValidationException"/> here, listing every problem.</param>
    /// <returns>The silo.</returns>
    /// <remarks>
    /// Clustering, storage and reminders are the silo builder's (Orleans has no service-collection form of localhost
    /// clustering), so this extension has no <see cref="IServiceCollection"/> overload.
    /// </remarks>
    public static ISiloBuilder AddSmsSilo(this ISiloBuilder silo, SmsSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        SmsSiloOptionsValidator.Validated(options);
        silo.Services.AddSmsGrainServices();
        if (options.Storage == SmsStorageMode.AzureStorage)
        {
            silo.UseSmsAzureStorage(options.AzureStorageConnectionString!, options.AzureStorageTablePrefix);
        }
        else
        {
            silo.UseSmsMemoryStorage();
        }
        if (options.Endpoints is { } endpoints)
        {
            silo.UseSmsEndpoints(options.Storage, endpoints);
        }
        if (options.Provider == SmsProvider.Twilio)
        {
            silo.Services.AddTwilioProvider(silo.Configuration);
        }
        return silo;
    }

    private static void UseSmsEndpoints(this ISiloBuilder silo, SmsStorageMode storage, SmsSiloEndpoints endpoints)
    {
        if (storage == SmsStorageMode.Memory)
        {
            // Orleans' development ids (dev/dev), which the SDK's Memory mode assumes.
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort);
            return;
        }
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (endpoints.ClusterId, endpoints.ServiceId));
        if (endpoints.AdvertisedIPAddress is { } ip)
        {
            silo.ConfigureEndpoints(IPAddress.Parse(ip), endpoints.SiloPort, endpoints.GatewayPort);
        }
        else
        {
            // Orleans picks the machine's first non-loopback IPv4 address to advertise; the silo listens on all of them.
            silo.ConfigureEndpoints(endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
        }
    }
}
