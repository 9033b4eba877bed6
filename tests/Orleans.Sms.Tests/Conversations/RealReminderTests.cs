using Orleans.Configuration;
using Orleans.Sms.Agents;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>A cluster on the real clock with second-long session timers, so the reminder service itself fires the ticks.</summary>
public sealed class ShortTimerClusterFixture<TStorage> : ClusterFixture<TStorage>
    where TStorage : ClusterStorage, new()
{
    protected override short Silos => 1;

    protected override TimeProvider EngineClock => TimeProvider.System;

    protected override void ConfigureEngine(IServiceCollection services)
    {
        services.Configure<AgentOptions>(o => o.BatchWindow = TimeSpan.Zero);
        services.Configure<SessionOptions>(o =>
        {
            o.WarningAfter = TimeSpan.FromSeconds(2);
            o.GracePeriod = TimeSpan.FromSeconds(2);
        });
        services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
    }
}

public abstract class RealReminderTests(ClusterFixture fixture)
{
    public sealed class OnMemory(ShortTimerClusterFixture<MemoryClusterStorage> fixture)
        : RealReminderTests(fixture), IClassFixture<ShortTimerClusterFixture<MemoryClusterStorage>>;

    public sealed class OnAzureStorage(ShortTimerClusterFixture<AzureClusterStorage> fixture)
        : RealReminderTests(fixture), IClassFixture<ShortTimerClusterFixture<AzureClusterStorage>>;

    [Fact]
    public async Task SilentSession_IsWarnedThenTimedOutByRealReminders()
    {
        var pair = await fixture.NewPairAsync();

        var first = await pair.TextAsync("hello");

        await Eventually.TrueAsync(
            async () => (await pair.ViewAsync()).Session!.State == SessionState.Ended, "the session to time out",
            TimeSpan.FromSeconds(30));
        var view = await pair.ViewAsync();
        Assert.Equal((first.SessionId, SessionEndReason.Timeout), (view.Session!.SessionId, view.Session.EndReason));
        var outbox = await pair.OutboxAsync();
        Assert.Equal(2, outbox.Count);
        Assert.Equal("hello", outbox[0].Body);
        Assert.StartsWith("Are you still there?", outbox[1].Body);
        Assert.True(view.Session.EndedAt - view.Session.WarningSentAt >= TimeSpan.FromSeconds(2));
    }
}
