using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Sms.Client;

namespace Orleans.Sms.Hosting;

/// <summary>Connects a .NET service to the engine: an Orleans client for its cluster and <see cref="ISmsEngine"/> in DI.</summary>
public static class SmsClientHostingExtensions
{
    /// <summary>
    /// Adds an Orleans client connected to the engine (<c>UseOrleansClient</c>) and registers <see cref="ISmsEngine"/>.
    /// Options are bound from <see cref="SmsClientOptions.SectionName"/>, then <paramref name="configure"/> runs; invalid
    /// options throw <see cref="OptionsValidationException"/> here, listing every problem.
    /// </summary>
    /// <param name="builder">The host application builder.</param>
    /// <param name="configure">Sets tenant, environment and how to reach the cluster, over the bound configuration.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Not for a process that runs a silo (<c>UseOrleans</c> includes a client): construct <see cref="SmsEngine"/> there.</remarks>
    public static IHostApplicationBuilder AddOrleansSmsClient(this IHostApplicationBuilder builder, Action<SmsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = Validated(builder.Configuration.GetSection(SmsClientOptions.SectionName), configure);
        builder.UseOrleansClient(client => client.UseSmsEngineCluster(options));
        AddEngine(builder.Services, options);
        return builder;
    }

    /// <summary>
    /// Adds an Orleans client connected to the engine (<c>AddOrleansClient</c>) and registers <see cref="ISmsEngine"/>,
    /// for hosts without an <see cref="IHostApplicationBuilder"/>. Nothing is bound from configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets tenant, environment and how to reach the cluster.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddOrleansSmsClient(this IServiceCollection services, Action<SmsClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = Validated(null, configure);
        services.AddOrleansClient(client => client.UseSmsEngineCluster(options));
        AddEngine(services, options);
        return services;
    }

    /// <summary>
    /// Points an Orleans client at the engine's cluster: localhost gateways (Memory mode) or the engine's Azure Table
    /// membership (AzureStorage mode), with its cluster and service ids, retrying the first connection for
    /// <see cref="SmsClientOptions.ConnectTimeout"/>. For services that build their own client.
    /// </summary>
    /// <param name="client">The client builder.</param>
    /// <param name="options">Validated options.</param>
    /// <returns>The client builder.</returns>
    public static IClientBuilder UseSmsEngineCluster(this IClientBuilder client, SmsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == SmsClusterMode.AzureStorage)
        {
            client.Configure<Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.EffectiveClusterId, options.EffectiveServiceId));
            client.UseSmsAzureStorageClustering(options.AzureStorageConnectionString!, options.AzureStorageTablePrefix);
        }
        else
        {
            client.UseLocalhostClustering([.. options.EffectiveGatewayPorts], options.EffectiveServiceId, options.EffectiveClusterId);
        }
        // The clock starts at the first failed attempt, not when the host is built.
        DateTimeOffset? firstFailure = null;
        client.UseConnectionRetryFilter(async (exception, cancellationToken) =>
        {
            firstFailure ??= DateTimeOffset.UtcNow;
            if (DateTimeOffset.UtcNow - firstFailure >= options.ConnectTimeout)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            return true;
        });
        return client;
    }

    private static SmsClientOptions Validated(IConfiguration? section, Action<SmsClientOptions>? configure)
    {
        var options = new SmsClientOptions();
        section?.Bind(options);
        configure?.Invoke(options);
        var result = new SmsClientOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(SmsClientOptions.SectionName, typeof(SmsClientOptions), result.Failures);
        }
        return options;
    }

    private static void AddEngine(IServiceCollection services, SmsClientOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<ISmsEngine>(sp => new SmsEngine(
            sp.GetRequiredService<IClusterClient>(), options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<SmsEngine>>()));
    }
}
