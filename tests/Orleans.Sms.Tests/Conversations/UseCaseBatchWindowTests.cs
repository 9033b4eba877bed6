using Orleans.Sms.Agents;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>
/// A cluster whose engine-wide batch window (<c>Sms:Agent:BatchWindow</c>) is far longer than the use cases' own, so a
/// turn timed by the engine's window instead of its use case's is visibly late.
/// </summary>
public sealed class LongEngineBatchWindowClusterFixture : ClusterFixture<MemoryClusterStorage>
{
    public static readonly TimeSpan EngineWindow = TimeSpan.FromHours(1);

    protected override short Silos => 1;

    protected override void ConfigureEngine(IServiceCollection services) =>
        services.Configure<AgentOptions>(o => o.BatchWindow = EngineWindow);
}

/// <summary>A use case's <c>batch_window</c> times every turn of its conversations, the first one included.</summary>
public sealed class UseCaseBatchWindowTests(LongEngineBatchWindowClusterFixture fixture) : IClassFixture<LongEngineBatchWindowClusterFixture>
{
    [Fact]
    public async Task FirstMessageOfAConversation_AnsweredAfterTheUseCaseWindow_NotTheEngines()
    {
        var pair = await fixture.NewPairAsync(batchWindow: TimeSpan.FromSeconds(1));

        await pair.TextAsync("first ever");
        fixture.Clock.Advance(TimeSpan.FromSeconds(2)); // past the use case's 1 s, far inside the engine's hour
        await pair.TickAsync(); // what the owed turn's reminder (or its timer) does once the window has passed

        Assert.Equal("first ever", Assert.Single(await pair.OutboxReachesAsync(1)).Body);
    }

    [Fact]
    public async Task FirstMessageOfAConversation_HeldForTheUseCaseWindow()
    {
        var pair = await fixture.NewPairAsync(batchWindow: TimeSpan.FromSeconds(30));

        await pair.TextAsync("one");
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        await pair.TextAsync("two"); // inside the window: joins the batch
        fixture.Clock.Advance(TimeSpan.FromSeconds(21));
        await pair.TickAsync();

        Assert.Equal("one\ntwo", Assert.Single(await pair.OutboxReachesAsync(1)).Body);
    }
}
