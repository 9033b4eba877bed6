using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Sms.Agents;

namespace Orleans.Sms.Hosting;

/// <summary>Registers the agents (README.md: Agents) that need more than the engine itself: webhook and chat.</summary>
public static class AgentServiceCollectionExtensions
{
    private const string PipelineName = "webhook-agent";

    /// <summary>
    /// Registers the keyed agents <c>webhook</c> (<see cref="WebhookAgent"/>) and <c>chat</c> (<see cref="ChatAgent"/>),
    /// the named HttpClient <see cref="WebhookAgentOptions.HttpClientName"/> with its retry pipeline, and
    /// <see cref="WebhookAgentOptions"/> bound from <c>Sms:Agent:Webhook</c> and validated at start-up, and the
    /// <see cref="OutboundCallGuard"/> every webhook connection goes through (<see cref="AgentOptions"/>, <c>Sms:Agent</c>,
    /// say whether private networks may be called). The chat agent
    /// uses whatever <c>IChatClient</c> the host registers, looked up on each turn. Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The host's services.</param>
    public static IServiceCollection AddSmsAgents(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddKeyedSingleton<ISmsAgent, WebhookAgent>(WebhookAgent.Type);
        services.TryAddKeyedSingleton<ISmsAgent, ChatAgent>(ChatAgent.Type);
        if (services.Any(d => d.ServiceType == typeof(WebhookAnswerBuffer)))
        {
            // Registered before: a second handler chain on the same HttpClient would retry retries.
            return services;
        }

        services.AddOptionsWithValidateOnStart<AgentOptions>().BindConfiguration(AgentOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        services.TryAddSingleton<IOutboundHostResolver, DnsOutboundHostResolver>();
        services.TryAddSingleton<OutboundCallGuard>();
        services.AddOptionsWithValidateOnStart<WebhookAgentOptions>().BindConfiguration(WebhookAgentOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookAgentOptions>, WebhookAgentOptionsValidator>());
        services.AddTransient<WebhookAnswerBuffer>();
        var client = services.AddHttpClient(WebhookAgentOptions.HttpClientName)
            .ConfigureHttpClient((sp, http) =>
            {
                // The pipeline bounds every turn; this only backs it up (a turn must end within the grain's 30 s).
                http.Timeout = sp.GetRequiredService<IOptions<WebhookAgentOptions>>().Value.TotalTimeout;
                http.MaxResponseContentBufferSize = WebhookAgent.MaxAnswerBytes;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Orleans.Sms-Agent/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Every connection is opened by the guard, after DNS, to an address it allows (docs/api.md: Boundaries).
                ConnectCallback = sp.GetRequiredService<OutboundCallGuard>().ConnectAsync,
                // A proxy would connect for us (the guard would judge the proxy, not the agent); a redirect is an
                // answer like any non-2xx: a webhook is called where it was registered, nowhere else.
                UseProxy = false,
                AllowAutoRedirect = false,
            });
        client.AddResilienceHandler(PipelineName, (pipeline, context) => WebhookRetryPolicy.Configure(
            pipeline, context.ServiceProvider.GetRequiredService<IOptions<WebhookAgentOptions>>().Value));
        // Added after the pipeline, so inside it: each attempt reads its whole answer within the attempt timeout.
        client.AddHttpMessageHandler<WebhookAnswerBuffer>();
        return services;
    }
}
