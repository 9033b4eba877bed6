using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Agents.Tests;

public sealed class AgentRegistrationTests
{
    [Fact]
    public async Task AddSmsAgents_RegistersWebhookAndChatByTypeName()
    {
        await using var services = WebhookAgentHost.Build();

        Assert.IsType<WebhookAgent>(services.GetRequiredKeyedService<ISmsAgent>("webhook"));
        Assert.IsType<ChatAgent>(services.GetRequiredKeyedService<ISmsAgent>("chat"));
    }

    [Fact]
    public async Task AddSmsAgents_Defaults_StayUnderTheTurnLimit()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSmsAgents().AddSmsAgents();
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WebhookAgentOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(8), options.AttemptTimeout);
        Assert.Equal(3, options.MaxAttempts);
        Assert.True(options.TotalTimeout < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AddSmsAgents_InvalidOptions_EveryFailureNamesItsKey()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Agent:Webhook:MaxAttempts"] = "0",
            ["Sms:Agent:Webhook:TotalTimeout"] = "00:01:00",
            ["Sms:Agent:Webhook:RetryDelay"] = "-00:00:01",
        }).Build());
        services.AddSmsAgents();
        await using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebhookAgentOptions>>().Value);

        Assert.Equal(3, failure.Failures.Count());
        Assert.Contains(failure.Failures, f => f.StartsWith("Sms:Agent:Webhook:MaxAttempts ", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Sms:Agent:Webhook:TotalTimeout ", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Sms:Agent:Webhook:RetryDelay ", StringComparison.Ordinal));
    }
}
