using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;
using Orleans.Sms.Client.Tests.Infrastructure;
using Orleans.Sms.Conversations;
using Orleans.Sms.Hosting;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Client.Tests;

/// <summary>
/// AddOrleansSmsClient end to end: a real host's Orleans client dials the gateway of a silo that runs the engine's
/// grains with localhost clustering on free ports (what <c>Sms:Storage=Memory</c> runs), as a separate service would.
/// </summary>
public sealed class HostedClientTests
{
    [Fact]
    public async Task AddOrleansSmsClient_ConnectsSendsAndReceivesEvents()
    {
        var gatewayPort = Ports.Free();
        using var silo = await StartSiloAsync(gatewayPort);
        var siloGrains = silo.Services.GetRequiredService<IGrainFactory>();
        var tenant = await TestTenant.SeedAsync(siloGrains, 900, "dev");
        using var client = await StartClientAsync(tenant.TenantId, gatewayPort);
        var engine = client.Services.GetRequiredService<ISmsEngine>();

        await using var subscription = await engine.SubscribeAsync();
        var sent = await engine.SendAsync(new OutboundSmsRequest(tenant.NewCustomer(), "Over the gateway"));
        Assert.True(sent.Succeeded, sent.Error?.Detail);

        Assert.Equal("Over the gateway", Assert.Single((await engine.GetConversationAsync(sent.Value.ConversationId))!.Messages).Body);
        var e = await Eventually.NextAsync(subscription.Events); // published by the conversation itself, pushed over the gateway
        Assert.Equal((sent.Value.ConversationId, "Over the gateway"), (e.ConversationId, e.Message?.Body));
        await client.StopAsync();
        await silo.StopAsync();
    }

    [Fact]
    public async Task AddOrleansSmsClient_EngineStartsLate_ConnectsWithinTheConnectTimeout()
    {
        var gatewayPort = Ports.Free();
        var connecting = StartClientAsync("ten_late", gatewayPort, connectTimeout: TimeSpan.FromSeconds(30));

        await Task.Delay(TimeSpan.FromSeconds(1)); // let the first attempts fail: this test is about the retries
        Assert.False(connecting.IsCompleted);
        using var silo = await StartSiloAsync(gatewayPort);
        using var client = await connecting.WaitAsync(TimeSpan.FromSeconds(30));

        var view = await client.Services.GetRequiredService<ISmsEngine>().GetConversationAsync(ConversationId.For("+15550000001", "+15550000002"));
        Assert.Null(view);
        await client.StopAsync();
        await silo.StopAsync();
    }

    [Fact]
    public async Task AddOrleansSmsClient_NoEngineListening_StartFailsAfterTheConnectTimeout()
    {
        var start = StartClientAsync("ten_none", Ports.Free(), connectTimeout: TimeSpan.Zero);

        await Assert.ThrowsAsync<ConnectionFailedException>(() => start);
    }


    private static async Task<IHost> StartSiloAsync(int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<Tenants.ApiKeyOptions>(o => o.HashKey = "hosted-client-tests");
        // The host's own Memory mode: localhost clustering with Orleans' development ids, which the SDK assumes.
        builder.UseOrleans(silo => silo.AddSmsSilo(new SmsSiloOptions { Endpoints = new() { SiloPort = Ports.Free(), GatewayPort = gatewayPort } }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<IHost> StartClientAsync(string tenantId, int gatewayPort, TimeSpan? connectTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.AddOrleansSmsClient(o =>
        {
            (o.TenantId, o.Environment, o.GatewayPorts) = (tenantId, "dev", [gatewayPort]);
            o.ConnectTimeout = connectTimeout ?? o.ConnectTimeout;
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
