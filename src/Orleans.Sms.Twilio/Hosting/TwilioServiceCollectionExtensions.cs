using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Sms.Providers;
using Orleans.Sms.Twilio;
using Orleans.Sms.Twilio.Http;
using Twilio.Clients;
using Twilio.Http;

namespace Orleans.Sms.Hosting;

/// <summary>Registers the Twilio provider (<c>Sms:Provider=Twilio</c>).</summary>
public static class TwilioServiceCollectionExtensions
{
    private const string PipelineName = "twilio";

    /// <summary>
    /// Registers the Twilio provider: <see cref="TwilioProviderOptions"/> bound from <c>Sms:Twilio</c> and
    /// <c>Sms:PublicBaseUrl</c> and validated at start-up, the resilient named HttpClient, an
    /// <see cref="ITwilioRestClient"/> on it, and <see cref="ISmsSender"/> / <see cref="IMessagingProvider"/> as the Twilio
    /// implementations (replacing the simulator defaults, whichever was registered first).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The configuration root (the keys are read as <c>Sms:Twilio:*</c>).</param>
    /// <param name="configure">Optional overrides applied after the configuration, e.g. tiny retry delays in tests.</param>
    public static IServiceCollection AddTwilioProvider(
        this IServiceCollection services, IConfiguration configuration, Action<TwilioProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TwilioProviderOptions>()
            .Bind(configuration.GetSection(TwilioProviderOptions.SectionName))
            .Configure(o =>
            {
                if (configuration[TwilioProviderOptions.PublicBaseUrlKey] is { Length: > 0 } publicBaseUrl)
                {
                    o.PublicBaseUrl = publicBaseUrl;
                }
            });
        return services.AddTwilioProvider(configure ?? (_ => { }));
    }

    /// <summary>Registers the Twilio provider with options set in code only (see the other overload).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets <see cref="TwilioProviderOptions"/>.</param>
    public static IServiceCollection AddTwilioProvider(this IServiceCollection services, Action<TwilioProviderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TwilioProviderOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioProviderOptions>, TwilioProviderOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(TwilioCallHandler)))
        {
            // Registered before: a second handler chain on the same HttpClient would retry retries.
            return services;
        }

        services.AddTransient<TwilioCallHandler>();
        services.AddTransient<TwilioBaseUrlHandler>();
        services.AddHttpClient(TwilioProviderOptions.HttpClientName)
            // One client lives for the process (below): the pool recycles connections itself so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .ConfigureHttpClient((sp, http) =>
                // The resilience pipeline bounds every call; this is only a backstop behind it.
                http.Timeout = sp.GetRequiredService<IOptions<TwilioProviderOptions>>().Value.TotalTimeout + TimeSpan.FromSeconds(5))
            .AddHttpMessageHandler<TwilioCallHandler>()
            .AddHttpMessageHandler<TwilioBaseUrlHandler>()
            .AddResilienceHandler(PipelineName, (pipeline, context) => TwilioRetryPolicy.Configure(
                pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<TwilioProviderOptions>>().Value,
                context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System));

        // Built once: its HttpClient's primary handler recycles pooled connections, so holding it for the process is safe.
        services.Replace(ServiceDescriptor.Singleton<ITwilioRestClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TwilioProviderOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(TwilioProviderOptions.HttpClientName);
            return new TwilioRestClient(options.AccountSid, options.AuthToken, httpClient: new SystemNetHttpClient(http));
        }));
        services.Replace(ServiceDescriptor.Singleton<ISmsSender, TwilioSmsSender>());
        services.Replace(ServiceDescriptor.Singleton<IMessagingProvider, TwilioMessagingProvider>());
        return services;
    }
}
