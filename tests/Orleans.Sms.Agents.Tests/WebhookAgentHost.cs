using Microsoft.Extensions.Configuration;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Agents.Tests;

/// <summary>The agents as a host registers them (<see cref="AgentServiceCollectionExtensions.AddSmsAgents"/>), configured by keys.</summary>
internal static class WebhookAgentHost
{
    /// <summary>
    /// Fast retries; attempts get a generous timeout unless the test is about timeouts. Private networks are allowed
    /// unless the test is about the guard: the test agents listen on 127.0.0.1.
    /// </summary>
    public static ServiceProvider Build(
        string attemptTimeout = "00:00:05", string maxAttempts = "3", Action<IServiceCollection>? more = null, bool allowPrivateNetworks = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Agent:Webhook:AttemptTimeout"] = attemptTimeout,
            ["Sms:Agent:Webhook:MaxAttempts"] = maxAttempts,
            ["Sms:Agent:Webhook:RetryDelay"] = "00:00:00.001",
            ["Sms:Agent:Webhook:MaxRetryDelay"] = "00:00:00.010",
            ["Sms:Agent:Webhook:TotalTimeout"] = "00:00:20",
            ["Sms:Agent:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSmsAgents();
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static ISmsAgent Agent(this ServiceProvider services, string type) => services.GetRequiredKeyedService<ISmsAgent>(type);
}
