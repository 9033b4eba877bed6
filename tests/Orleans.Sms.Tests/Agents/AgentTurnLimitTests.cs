using Orleans.Sms.Agents;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Agents;

/// <summary>An agent that holds every turn until the test lets it answer, and remembers how many it held at once.</summary>
public sealed class GatedAgent : ISmsAgent
{
    public const string Type = "gated";

    private readonly SemaphoreSlim _answers = new(0);
    private int _running;
    private int _started;
    private int _mostAtOnce;

    public int Started => Volatile.Read(ref _started);

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    /// <summary>Lets <paramref name="turns"/> held or later turns answer.</summary>
    public void Answer(int turns) => _answers.Release(turns);

    public async Task<AgentReply> RespondAsync(AgentTurn turn, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        var running = Interlocked.Increment(ref _running);
        for (var most = MostAtOnce; running > most; most = MostAtOnce)
        {
            Interlocked.CompareExchange(ref _mostAtOnce, running, most);
        }
        try
        {
            await _answers.WaitAsync(cancellationToken);
            return new AgentReply(string.Join("\n", turn.Messages.Select(m => m.Body)));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}

/// <summary>One silo that runs at most two agent turns at once, with the gated agent.</summary>
public sealed class TurnLimitClusterFixture : ClusterFixture<MemoryClusterStorage>
{
    public const int Limit = 2;

    public GatedAgent Agent { get; } = new();

    protected override short Silos => 1;

    protected override void ConfigureEngine(IServiceCollection services)
    {
        base.ConfigureEngine(services);
        services.Configure<AgentOptions>(o => o.MaxConcurrentTurns = Limit);
        services.AddKeyedSingleton<ISmsAgent>(GatedAgent.Type, Agent);
    }
}

/// <summary>
/// Agent turns run on a reentrant worker, so a slow agent does not hold up the others; the silo still bounds how many
/// it runs at once (Sms:Agent:MaxConcurrentTurns), and a turn that finds no slot in time fails like an unanswered one.
/// </summary>
public sealed class AgentTurnLimitTests(TurnLimitClusterFixture fixture) : IClassFixture<TurnLimitClusterFixture>
{
    [Fact]
    public async Task SlowAgent_RunsAtMostTheLimitAtOnce_AndEveryTurnIsAnswered()
    {
        var pairs = new List<TestPair>();
        for (var i = 0; i < 5; i++)
        {
            pairs.Add(await fixture.NewPairAsync(GatedAgent.Type));
        }
        var started = fixture.Agent.Started;
        foreach (var pair in pairs)
        {
            await pair.TextAsync($"hello from {pair.CustomerNumber}");
        }
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Agent.Started == started + TurnLimitClusterFixture.Limit),
            "the first turns to reach the agent");

        fixture.Agent.Answer(5);

        foreach (var pair in pairs)
        {
            Assert.Equal($"hello from {pair.CustomerNumber}", Assert.Single(await pair.OutboxReachesAsync(1)).Body);
        }
        Assert.Equal(started + 5, fixture.Agent.Started);
        Assert.Equal(TurnLimitClusterFixture.Limit, fixture.Agent.MostAtOnce); // never more, though all five were owed at once
    }

    [Fact]
    public async Task TurnWaitingPastTheLimitForItsWholeWait_FailsAndTheConversationFollowsUp()
    {
        var busy = new List<TestPair>();
        for (var i = 0; i < TurnLimitClusterFixture.Limit; i++)
        {
            busy.Add(await fixture.NewPairAsync(GatedAgent.Type));
        }
        var waiting = await fixture.NewPairAsync(GatedAgent.Type);
        var started = fixture.Agent.Started;
        foreach (var pair in busy)
        {
            await pair.TextAsync("holding a slot");
        }
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Agent.Started == started + TurnLimitClusterFixture.Limit), "the slots to fill");
        await waiting.TextAsync("anyone there?");

        // The worker waits for a slot by the engine's clock: once that wait is over, the turn fails without reaching the agent.
        await Eventually.TrueAsync(async () =>
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            return (await waiting.ViewAsync()).Status == ConversationStatus.FollowUp;
        }, "the waiting turn to fail");
        Assert.Equal(started + TurnLimitClusterFixture.Limit, fixture.Agent.Started);
        Assert.Empty(await waiting.OutboxAsync());

        fixture.Agent.Answer(TurnLimitClusterFixture.Limit);
        foreach (var pair in busy)
        {
            await pair.OutboxReachesAsync(1);
        }
    }
}
