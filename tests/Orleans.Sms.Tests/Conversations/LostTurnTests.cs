using Orleans.Sms.Agents;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>A cluster with the held agent and the report probe on every silo.</summary>
public abstract class LostTurnClusterFixture<TStorage> : ClusterFixture<TStorage>, IAsyncLifetime
    where TStorage : ClusterStorage, new()
{
    public HeldAgent Agent { get; } = new();

    public TurnReports Reports { get; } = new();

    protected override void ConfigureEngine(IServiceCollection services)
    {
        base.ConfigureEngine(services);
        services.AddKeyedSingleton<ISmsAgent>(HeldAgent.Type, Agent);
        services.AddSingleton(sp => Reports.On(sp.GetRequiredService<ILocalSiloDetails>().SiloAddress));
    }

    /// <summary>
    /// A customer message whose turn the agent holds; the silo hosting the conversation is killed, the clock passes the
    /// owed turn's reminder and the survivor's reminder tick is delivered.
    /// </summary>
    public async Task<(TestPair Pair, HeldAgent.Script Agent)> KillWhileTheAgentThinksAsync(string message, int hold)
    {
        var pair = await NewPairAsync(HeldAgent.Type);
        var agent = Agent.In(pair.ConversationId);
        agent.Hold = hold;
        await pair.TextAsync(message);
        await agent.SeenAsync(1); // the turn is in flight when the silo dies

        var host = (await Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(pair.Grain))!;
        Reports.Crash(host);
        var kill = Cluster.KillSiloAsync(Cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        // The in-process kill waits for running requests: the held call answers, and its report dies with the silo.
        agent.Release(1);
        await kill;
        // A barrier, not a sleep: once the survivor has declared the dead silo dead, the tick below reaches a new activation
        // at once (before, under load, the tick could wait out its 30 s for a silo still counted alive).
        await Cluster.WaitForLivenessToStabilizeAsync(didKill: true);
        // Past the owed turn's reminder (batch window plus the grain's 5-minute margin) and the lost-turn wait.
        Clock.Advance(TimeSpan.FromMinutes(6));
        await pair.TickAsync(); // what the reminder service on the survivor delivers: the grain comes back from storage
        return (pair, agent);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        Agent.Abandon(); // no worker is left holding a call
        await DisposeAsync();
    }
}

/// <summary>One memory silo: the conversation survives, only the worker's report is lost.</summary>
public sealed class LostReportClusterFixture : LostTurnClusterFixture<MemoryClusterStorage>
{
    protected override short Silos => 1;
}

/// <summary>
/// Two silos on Azure tables: the silo hosting the conversation (and its worker) is killed mid-turn. One kill per cluster:
/// grains the dead silo held stay unreachable until the cluster declares it dead.
/// </summary>
public sealed class LostSiloClusterFixture : LostTurnClusterFixture<AzureClusterStorage>;

/// <inheritdoc cref="LostSiloClusterFixture"/>
public sealed class LostSiloTwiceClusterFixture : LostTurnClusterFixture<AzureClusterStorage>;

/// <summary>
/// A turn handed to a worker that never reports (the agent call is held) is asked again once under a new turn id; lost
/// again, the conversation goes to follow_up. Time is the engine's fake clock; the reminder tick is delivered by the test.
/// </summary>
public sealed class LostTurnTests(LostReportClusterFixture fixture) : IClassFixture<LostReportClusterFixture>
{
    private static readonly TimeSpan PastLostTurn = AgentTurnWorker.LostAfter + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task WorkersReportLost_TheTurnIsAskedAgainOnce_AndAnsweredOnce()
    {
        var pair = await fixture.NewPairAsync(HeldAgent.Type);
        var agent = fixture.Agent.In(pair.ConversationId);
        agent.Hold = 1;
        await pair.TextAsync("Can I move my booking?");
        await agent.SeenAsync(1);

        fixture.Clock.Advance(PastLostTurn);
        await pair.TickAsync(); // what the reminder (or the grain's own timer) does once the turn is overdue
        await agent.SeenAsync(2);
        Assert.Equal("answer 2: Can I move my booking?", Assert.Single(await pair.OutboxReachesAsync(1)).Body);

        // The first worker reports after all: its turn id was given up on, so the report changes nothing.
        agent.Release(1);
        await fixture.Reports.HandledAsync(pair.ConversationId, 2);
        fixture.Clock.Advance(PastLostTurn);
        await pair.TickAsync();
        Assert.Equal(2, agent.Calls);
        Assert.Single(await pair.OutboxAsync());
        var view = await pair.ViewAsync();
        Assert.Equal(ConversationStatus.InProgress, view.Status);
        Assert.Null(view.LastAgentFailure);
        Assert.Single(view.Messages, m => m.Direction == MessageDirection.Outbound);
    }

    [Fact]
    public async Task TurnLostTwice_FollowsUpWithoutAReply_AndTheNextMessageGetsAFreshTurn()
    {
        var pair = await fixture.NewPairAsync(HeldAgent.Type);
        var agent = fixture.Agent.In(pair.ConversationId);
        agent.Hold = 2;
        await pair.TextAsync("Where is my parcel?");
        await agent.SeenAsync(1);

        fixture.Clock.Advance(PastLostTurn);
        await pair.TickAsync();
        await agent.SeenAsync(2); // asked again
        Assert.Equal(ConversationStatus.InProgress, (await pair.ViewAsync()).Status);

        fixture.Clock.Advance(PastLostTurn);
        await pair.TickAsync(); // lost a second time: given up on
        var view = await pair.ViewAsync();
        Assert.Equal(ConversationStatus.FollowUp, view.Status);
        Assert.NotNull(view.LastAgentFailure);
        Assert.Contains("not reported", view.LastAgentFailure.Reason);
        Assert.Empty(await pair.OutboxAsync());
        Assert.Equal(2, agent.Calls);

        // Both workers report late: neither turn is waited for any more.
        agent.Release(1);
        agent.Release(2);
        await fixture.Reports.HandledAsync(pair.ConversationId, 2);
        fixture.Clock.Advance(PastLostTurn);
        await pair.TickAsync();
        Assert.Empty(await pair.OutboxAsync());
        Assert.Equal(2, agent.Calls);
        Assert.Equal(ConversationStatus.FollowUp, (await pair.ViewAsync()).Status);

        // The customer writes again: a fresh turn, with the parked message, asked once and answered.
        await pair.TextAsync("Hello?");
        await agent.SeenAsync(3);
        Assert.Equal("answer 3: Where is my parcel?\nHello?", Assert.Single(await pair.OutboxReachesAsync(1)).Body);
        Assert.Null((await pair.ViewAsync()).LastAgentFailure);
        Assert.Equal(3, agent.Calls);
    }
}

/// <summary>
/// The silo hosting a conversation dies while its agent turn is in flight (the worker runs on the conversation's silo and
/// goes with it): the reminder on the survivor brings the conversation back, which asks the turn again, once.
/// </summary>
public sealed class LostTurnSiloTests(LostSiloClusterFixture fixture) : IClassFixture<LostSiloClusterFixture>
{
    [Fact]
    public async Task SiloKilledWhileTheAgentThinks_TheTurnIsAskedAgainOnce_AndAnsweredOnce()
    {
        var (pair, agent) = await fixture.KillWhileTheAgentThinksAsync("Do you deliver on Sundays?", hold: 1);
        await agent.SeenAsync(2);
        Assert.Equal("answer 2: Do you deliver on Sundays?", Assert.Single(await pair.OutboxReachesAsync(1)).Body);
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await pair.TickAsync(); // a later tick owes nothing more
        Assert.Equal(2, agent.Calls);
        Assert.Single(await pair.OutboxAsync());
        var view = await pair.ViewAsync();
        Assert.Equal(ConversationStatus.InProgress, view.Status);
        Assert.Null(view.LastAgentFailure);
        Assert.Single(view.Messages, m => m.Direction == MessageDirection.Inbound);
        Assert.Single(view.Messages, m => m.Direction == MessageDirection.Outbound);
    }
}

/// <summary>The activation that takes over a turn lost with its silo asks again as the second ask: lost again, it fails.</summary>
public sealed class LostTurnSiloTwiceTests(LostSiloTwiceClusterFixture fixture) : IClassFixture<LostSiloTwiceClusterFixture>
{
    [Fact]
    public async Task SiloKilledWhileTheAgentThinks_AndTheSecondAskIsLostToo_FollowsUpWithoutAReply()
    {
        var (pair, agent) = await fixture.KillWhileTheAgentThinksAsync("Is my order shipped?", hold: 2);
        await agent.SeenAsync(2); // the survivor's activation asked again: that was the second ask

        fixture.Clock.Advance(AgentTurnWorker.LostAfter + TimeSpan.FromSeconds(1));
        await pair.TickAsync();
        var view = await pair.ViewAsync();
        Assert.Equal(ConversationStatus.FollowUp, view.Status);
        Assert.NotNull(view.LastAgentFailure);
        Assert.Empty(await pair.OutboxAsync());
        Assert.Equal(2, agent.Calls);
    }
}
