using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Sms.Agents;
using Orleans.Sms.Archive;
using Orleans.Sms.Conversations;
using Orleans.Sms.Providers;
using Orleans.Sms.Routing;
using Orleans.Sms.Simulator;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Hosting;

public static class SmsGrainsServiceCollectionExtensions
{
    /// <summary>
    /// The services the grains need: options (validated at start), the clock, the agents, the routing, and
    /// the embedded defaults (memory archive, simulator provider) unless something else was registered first.
    /// </summary>
    public static IServiceCollection AddSmsGrainServices(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<SessionOptions>().BindConfiguration(SessionOptions.SectionName);
        services.AddSingleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>();

        services.TryAddKeyedSingleton(SmsClock.Key, TimeProvider.System);
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName);
        services.TryAddSingleton<ApiKeyHasher>();
        services.TryAddSingleton<IMessageArchive>(sp => new MemoryMessageArchive(sp.GetRequiredKeyedService<TimeProvider>(SmsClock.Key)));
        services.TryAddSingleton<IConversationDirectory, MemoryConversationDirectory>();
        services.TryAddSingleton<Contacts.IContactStore, Contacts.MemoryContactStore>();
        services.TryAddSingleton<Campaigns.ICampaignStore, Campaigns.MemoryCampaignStore>();
        services.AddOptionsWithValidateOnStart<Campaigns.CampaignOptions>().BindConfiguration(Campaigns.CampaignOptions.SectionName);
        services.AddSingleton<IValidateOptions<Campaigns.CampaignOptions>, Campaigns.CampaignOptionsValidator>();
        services.TryAddSingleton<ISmsSender, SimulatorSender>();
        services.TryAddSingleton<SimulatorMessagingProvider>();
        services.TryAddSingleton<IMessagingProvider>(sp => sp.GetRequiredService<SimulatorMessagingProvider>());
        services.TryAddSingleton<IAgentDirectory, AgentDirectory>();
        services.TryAddSingleton<AgentTurnLimiter>();
        services.TryAddKeyedSingleton<ISmsAgent, EchoAgent>(EchoAgent.Type);
        services.AddSmsAgents(); // also binds AgentOptions (Sms:Agent), which the agents' guard reads
        services.AddMetrics();
        services.TryAddSingleton<Telemetry.SmsMetrics>();
        services.TryAddSingleton<InboundRouter>();
        services.TryAddSingleton<Outbound.OutboundSend>();
        return services;
    }
}
