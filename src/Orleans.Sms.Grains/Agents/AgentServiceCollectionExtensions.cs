using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Sms.Agents;

namespace Orleans.Sms.Hosting;

/// <summary>Registers the agents of CONTRACT §10 that need more than the engine itself: webhook and chat.</summary>
public static class AgentServiceCollectionExtensions
{
    private const string PipelineName = "webhook-agent";

    /// <summary>
    /// Registers the keyed agents <c>webhook</c> (<see cref="WebhookAgent"/>) and <c>chat</c> (<see cref="ChatAgent"/>),
    /// the named HttpClient <see cref="WebhookAgentOptions.HttpClientName"/> with its retry pipeline, and
    /// <see cref="WebhookAgentOptions"/> bound from <c>Sms:Agent:Webhook</c> and validated at start-up. The chat agent
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
            });
        client.AddResilienceHandler(PipelineName, (pipeline, context) => WebhookRetryPolicy.Configure(
            pipeline, context.ServiceProvider.GetRequiredService<IOptions<WebhookAgentOptions>>().Value));
        // Added after the pipeline, so inside it: each attempt reads its whole answer within the attempt timeout.
        client.AddHttpMessageHandler<WebhookAnswerBuffer>();
        return services;
    }
}
