using Microsoft.Extensions.Configuration;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Agents.Tests;

/// <summary>The agents as a host registers them (<see cref="AgentServiceCollectionExtensions.AddSmsAgents"/>), configured by keys.</summary>
internal static class WebhookAgentHost
{
    /// <summary>Fast retries; attempts get a generous timeout unless the test is about timeouts.</summary>
    public static ServiceProvider Build(string attemptTimeout = "00:00:05", string maxAttempts = "3", Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Agent:Webhook:AttemptTimeout"] = attemptTimeout,
            ["Sms:Agent:Webhook:MaxAttempts"] = maxAttempts,
            ["Sms:Agent:Webhook:RetryDelay"] = "00:00:00.001",
            ["Sms:Agent:Webhook:MaxRetryDelay"] = "00:00:00.010",
            ["Sms:Agent:Webhook:TotalTimeout"] = "00:00:20",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSmsAgents();
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static ISmsAgent Agent(this ServiceProvider services, string type) => services.GetRequiredKeyedService<ISmsAgent>(type);
}
