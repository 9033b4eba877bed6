using Orleans.Sms.Agents;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>
/// A cluster on Azure tables whose agent batch window is long, so a silo can be lost while a batch waits in it. Only on
/// AzureStorage: in the memory mode, state and reminders live in the silos' memory and go with a lost silo by design.
/// </summary>
public sealed class LongBatchWindowClusterFixture : ClusterFixture<AzureClusterStorage>
{
    protected override void ConfigureEngine(IServiceCollection services) =>
        services.Configure<AgentOptions>(o => o.BatchWindow = TimeSpan.FromMinutes(5));
}

public sealed class SiloLossTests(LongBatchWindowClusterFixture fixture) : IClassFixture<LongBatchWindowClusterFixture>
{
    [Fact]
    public async Task SiloLostInsideTheBatchWindow_TheBatchIsStillAnsweredOnce()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("Is the office open on Monday?");
        await pair.TextAsync("And Tuesday?");
        var reminder = await fixture.Reminders.FindAsync(pair.GrainId, "session");
        Assert.NotNull(reminder);
        // Armed for the owed turn (the 5-minute window plus the grain's 5-minute safety margin), not for the 24 h warning.
        // The reminder service schedules on the real clock, so the bound is on how far ahead of now it starts.
        Assert.InRange(reminder.StartAt - DateTime.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));

        var host = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(pair.Grain);
        var silo = fixture.Cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        await fixture.Cluster.KillSiloAsync(silo);
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await pair.TickAsync(); // what the reminder service on the survivor delivers: the grain comes back from storage

        var outbox = await pair.OutboxReachesAsync(1);
        Assert.Equal("Is the office open on Monday?\nAnd Tuesday?", outbox[0].Body);
        await pair.TickAsync(); // a repeated tick finds nothing owed
        Assert.Single(await pair.OutboxAsync());
        Assert.Equal(2, (await pair.ViewAsync()).Messages.Count(m => m.Direction == Sms.Conversations.MessageDirection.Inbound));
    }
}
