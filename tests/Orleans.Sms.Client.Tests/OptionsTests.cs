using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Client.Tests;

/// <summary>SmsClientOptions: bound from Sms:Client, validated at registration with every failure named.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void AddOrleansSmsClient_MissingTenantAndEnvironment_ThrowsNamingBoth()
    {
        var builder = Host.CreateApplicationBuilder();

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddOrleansSmsClient());

        Assert.Equal(
            ["Sms:Client:TenantId is required.", "Sms:Client:Environment must be one of dev, sandbox, live (got '')."],
            error.Failures);
    }

    [Fact]
    public void AddOrleansSmsClient_AzureStorageWithoutConnectionString_Throws()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<OptionsValidationException>(() => services.AddOrleansSmsClient(o =>
            (o.TenantId, o.Environment, o.Mode, o.AzureStorageTablePrefix) = ("ten_1", "live", SmsClusterMode.AzureStorage, "9bad")));

        Assert.Equal(
            ["Sms:Client:AzureStorageConnectionString is required when Sms:Client:Mode=AzureStorage.",
             "Sms:Client:AzureStorageTablePrefix must start with a letter."],
            error.Failures);
    }

    [Fact]
    public void AddOrleansSmsClient_RenewalNotBelowTheHubsExpiry_Throws()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddOrleansSmsClient(o =>
            (o.TenantId, o.Environment, o.EventRenewalInterval, o.EventBufferCapacity) = ("ten_1", "live", TimeSpan.FromMinutes(5), 0)));

        Assert.Equal(2, error.Failures.Count());
        Assert.StartsWith("Sms:Client:EventRenewalInterval", error.Failures.First());
    }

    [Fact]
    public void AddOrleansSmsClient_BindsTheSectionThenAppliesTheDelegate()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Client:TenantId"] = "ten_config",
            ["Sms:Client:Environment"] = "sandbox",
            ["Sms:Client:GatewayPorts:0"] = "30001",
            ["Sms:Client:GatewayPorts:1"] = "30002",
        });

        builder.AddOrleansSmsClient(o => o.Environment = "live");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<SmsClientOptions>>().Value;
        Assert.Equal(("ten_config", "live"), (options.TenantId, options.Environment));
        Assert.Equal([30001, 30002], options.EffectiveGatewayPorts);
        Assert.Equal(("dev", "dev"), (options.EffectiveClusterId, options.EffectiveServiceId));
        var engine = host.Services.GetRequiredService<ISmsEngine>();
        Assert.Equal(("ten_config", "live"), (engine.TenantId, engine.Environment));
    }

    [Fact]
    public void EffectiveIds_FollowTheEnginesDefaultsPerMode()
    {
        var memory = new SmsClientOptions();
        var azure = new SmsClientOptions { Mode = SmsClusterMode.AzureStorage };
        var explicitIds = new SmsClientOptions { Mode = SmsClusterMode.AzureStorage, ClusterId = "c", ServiceId = "s" };

        Assert.Equal(("dev", "dev", 30000), (memory.EffectiveClusterId, memory.EffectiveServiceId, Assert.Single(memory.EffectiveGatewayPorts)));
        Assert.Equal(("orleans-sms", "orleans-sms"), (azure.EffectiveClusterId, azure.EffectiveServiceId));
        Assert.Equal(("c", "s"), (explicitIds.EffectiveClusterId, explicitIds.EffectiveServiceId));
    }
}
