using Orleans.Configuration;
using Orleans.Sms.Agents;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>A cluster whose grain calls time out after 1 s unless their method says otherwise, with the held agent.</summary>
public sealed class ShortResponseTimeoutClusterFixture : ClusterFixture<MemoryClusterStorage>
{
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(1);

    public HeldAgent Agent { get; } = new();

    protected override void ConfigureEngine(IServiceCollection services)
    {
        base.ConfigureEngine(services);
        services.AddKeyedSingleton<ISmsAgent>(HeldAgent.Type, Agent);
        services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
    }
}

/// <summary>
/// An agent-written opening may take longer than Orleans' default response timeout (a slot, then the agent: up to 50 s):
/// the calls it rides on carry their own timeouts, so the caller gets the send, not a timeout while the send goes on.
/// Here the cluster's default is 1 s and the agent answers after 3 s.
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
        // A lower bound, not a race: the agent holds the turn until three default timeouts have passed.
        await Task.Delay(3 * ShortResponseTimeoutClusterFixture.ResponseTimeout);
        agent.Release(1);
        var sent = await sending;

        Assert.True(sent.Succeeded, sent.Error?.Detail);
        Assert.Equal(pair.AgentNumber, sent.Value.From);
        Assert.Equal("answer 1:", Assert.Single(await pair.OutboxAsync()).Body);
    }

    [Fact]
    public void TheAgentsAskWaitsForItsOwnBounds()
    {
        var timeout = typeof(IAgentTurnWorker).GetMethod(nameof(IAgentTurnWorker.AskAsync))!
            .GetCustomAttributes(typeof(ResponseTimeoutAttribute), inherit: false).Cast<ResponseTimeoutAttribute>().Single().Timeout;

        Assert.True(timeout >= AgentTurnLimiter.MaxWait + AgentTurnWorker.Timeout, $"{timeout} < slot wait + agent timeout");
    }
}
