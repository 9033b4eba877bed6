using Orleans.Configuration;
using Orleans.Sms.Agents;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>
/// A cluster (silos and client) whose grain calls time out after 5 s unless their method says otherwise (Orleans' default
/// is 30 s), with the held agent. Not less: the opening's other calls (the provider send, the writes) must stay well
/// inside it on a loaded machine (at 1 s, <c>SendOpeningAsync</c> timed out in CI).
/// </summary>
public sealed class ShortResponseTimeoutClusterFixture : ClusterFixture<MemoryClusterStorage>
{
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    public HeldAgent Agent { get; } = new();

    protected override void ConfigureEngine(IServiceCollection services)
    {
        base.ConfigureEngine(services);
        services.AddKeyedSingleton<ISmsAgent>(HeldAgent.Type, Agent);
        services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
    }

    protected override void ConfigureClient(IClientBuilder client) =>
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
}

/// <summary>
/// An agent-written opening may take longer than Orleans' default response timeout (a slot, then the agent: up to 50 s):
/// the calls it rides on carry their own timeouts, so the caller gets the send, not a timeout.
/// Here the cluster's default is 5 s and the agent answers after 7 s.
/// </summary>
public sealed class SlowOpeningTests(ShortResponseTimeoutClusterFixture fixture) : IClassFixture<ShortResponseTimeoutClusterFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("opening-key-1")]
    public async Task AnOpeningTheAgentWritesSlowly_IsSentAndAnswered_PastTheClustersDefaultResponseTimeout(string? idempotencyKey)
    {
        var pair = await fixture.NewPairAsync(HeldAgent.Type);
        var agent = fixture.Agent.In(pair.ConversationId);
        agent.Hold = 1;

        var sending = fixture.Grains.GetGrain<IOutboundGrain>(0)
            .SendAsync(pair.TenantId, "live", new OutboundSmsRequest(pair.CustomerNumber, null, pair.UseCaseId), idempotencyKey);
        await agent.SeenAsync(1);
        // A lower bound, not a race: the agent holds the turn until the default timeout has passed, with 2 s to spare.
        await Task.Delay(ShortResponseTimeoutClusterFixture.ResponseTimeout + TimeSpan.FromSeconds(2));
        agent.Release(1);
        var sent = await sending;

        Assert.True(sent.Succeeded, sent.Error?.Detail);
        Assert.Equal(pair.AgentNumber, sent.Value.From);
        Assert.Equal("answer 1:", Assert.Single(await pair.OutboxAsync()).Body);
    }

    [Fact]
    public void EachCallOfTheOpeningWaitsLongerThanWhatItCalls()
    {
        var ask = TimeoutOf(typeof(IAgentTurnWorker), nameof(IAgentTurnWorker.AskAsync));
        var once = TimeoutOf(typeof(IIdempotencyGrain), nameof(IIdempotencyGrain.SendOnceAsync));
        var send = TimeoutOf(typeof(IOutboundGrain), nameof(IOutboundGrain.SendAsync));
        var orleansDefault = new SiloMessagingOptions().ResponseTimeout; // SendOpeningAsync's: the provider's 20 s and the writes

        Assert.True(ask >= AgentTurnLimiter.MaxWait + AgentTurnWorker.Timeout, $"ask {ask} < slot wait + agent timeout");
        Assert.True(once > ask + orleansDefault, $"send once {once} <= ask {ask} + the opening's send {orleansDefault}");
        Assert.True(send > once, $"outbound send {send} <= send once {once}: the caller would time out first");
    }

    private static TimeSpan TimeoutOf(Type grainInterface, string method) =>
        grainInterface.GetMethod(method)!.GetCustomAttributes(typeof(ResponseTimeoutAttribute), inherit: false)
            .Cast<ResponseTimeoutAttribute>().Single().Timeout ?? throw new InvalidOperationException($"{method} has no response timeout of its own");
}
