using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>The warning and grace timers (docs/api.md: Session lifecycle) under fake time, with ticks delivered on purpose early, late and twice.</summary>
public abstract class SessionTimerTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : SessionTimerTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : SessionTimerTests(fixture);

    [Fact]
    public async Task Warning_IsSentExactlyOnceDespiteRepeatedAndLateTicks()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("hello");
        await pair.OutboxReachesAsync(1);

        fixture.Clock.Advance(TimeSpan.FromHours(23));
        await pair.TickAsync(); // early: nothing due
        Assert.Single(await pair.OutboxAsync());
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await pair.TickAsync();
        await pair.TickAsync(); // duplicated tick
        fixture.Clock.Advance(TimeSpan.FromMinutes(4));
        await pair.TickAsync(); // late tick inside the grace period

        var outbox = await pair.OutboxAsync();
        Assert.Equal(2, outbox.Count);
        Assert.Equal("Are you still there? This conversation closes in 10 minutes unless you reply.", outbox[1].Body);
        var view = await pair.ViewAsync();
        Assert.Equal(fixture.Clock.GetUtcNow() - TimeSpan.FromMinutes(4), view.Session!.WarningSentAt);
        var warning = Assert.Single(view.Messages, m => m.Role == MessageRole.System);
        Assert.Equal(MessageSource.System, warning.Source);
    }

    [Fact]
    public async Task Warning_UsesTheUseCaseWarningMessage()
    {
        var pair = await fixture.NewPairAsync(agentType: null, warningMessage: "Still there? Reply to keep chatting.");
        await pair.TextAsync("hello");

        fixture.Clock.Advance(TimeSpan.FromHours(24));
        await pair.TickAsync();

        Assert.Equal("Still there? Reply to keep chatting.", Assert.Single(await pair.OutboxAsync()).Body);
    }

    [Fact]
    public async Task ReplyWithinGrace_KeepsTheSessionAndRestartsTheClock()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var first = await pair.TextAsync("hello");
        fixture.Clock.Advance(TimeSpan.FromHours(24));
        await pair.TickAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(9));

        var reply = await pair.TextAsync("still here");
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await pair.TickAsync(); // the grace period of the first warning is over: must not end the session

        Assert.Equal(first.SessionId, reply.SessionId);
        var view = await pair.ViewAsync();
        Assert.Equal(SessionState.Active, view.Session!.State);
        Assert.Null(view.Session.WarningSentAt);
        Assert.Single(await pair.OutboxAsync());

        fixture.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        await pair.TickAsync();
        Assert.Equal(2, (await pair.OutboxAsync()).Count); // a second silence gets its own warning
    }

    [Fact]
    public async Task NoReplyWithinGrace_EndsWithTimeoutAndRemovesTheReminder()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await pair.TextAsync("hello");
        fixture.Clock.Advance(TimeSpan.FromHours(24));
        await pair.TickAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(9));
        await pair.TickAsync();
        Assert.Equal(SessionState.Active, (await pair.ViewAsync()).Session!.State);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await pair.TickAsync();

        var session = (await pair.ViewAsync()).Session!;
        Assert.Equal((SessionState.Ended, SessionEndReason.Timeout), (session.State, session.EndReason));
        Assert.Equal(fixture.Clock.GetUtcNow(), session.EndedAt);
        Assert.Null(await fixture.Reminders.FindAsync(pair.GrainId, "session"));
        Assert.Equal(1, fixture.Reminders.RemovesOf(pair.GrainId));
    }

    [Fact]
    public async Task GraceOverBeforeTheTick_TheNextMessageFindsTheSessionTimedOut()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var first = await pair.TextAsync("hello");
        fixture.Clock.Advance(TimeSpan.FromHours(24));
        await pair.TickAsync();
        fixture.Clock.Advance(TimeSpan.FromHours(2)); // the timeout tick never came

        var next = await pair.TextAsync("sorry, was away");

        Assert.NotEqual(first.SessionId, next.SessionId);
        var sessions = await pair.Grain.GetSessionsAsync(pair.Owner);
        Assert.Equal(SessionEndReason.Timeout, sessions!.Single(s => s.SessionId == first.SessionId).EndReason);
    }

    [Fact]
    public async Task BusySession_WritesTheReminderOnceAndTwentyMessagesCostFourReminderWrites()
    {
        var pair = await fixture.NewPairAsync();
        for (var i = 1; i <= 10; i++)
        {
            await pair.TextAsync($"message {i}");
            await pair.OutboxReachesAsync(i); // 10 inbound + 10 echo replies = 20 messages
            fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        }
        Assert.Equal(1, fixture.Reminders.UpsertsOf(pair.GrainId));

        fixture.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(60));
        await pair.TickAsync(); // 24 h after the first message: early, re-armed for the real due point
        Assert.Equal(2, fixture.Reminders.UpsertsOf(pair.GrainId));
        Assert.Equal(20, (await pair.ViewAsync()).Messages.Count); // and no warning yet

        fixture.Clock.Advance(TimeSpan.FromMinutes(60) - TimeSpan.FromMinutes(6));
        await pair.TickAsync(); // due: the warning; the periodic tick already lands on the timeout
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await pair.TickAsync();

        Assert.Equal(SessionEndReason.Timeout, (await pair.ViewAsync()).Session!.EndReason);
        Assert.Equal(11, (await pair.OutboxAsync()).Count);
        // The third upsert keeps the reminder for the agent's warning_timeout turn; it is removed once that turn is done.
        // (Ticks here come only at the session's due points; see SiloLossTests for the early tick an owed turn arms.)
        await Eventually.TrueAsync(async () => fixture.Reminders.RemovesOf(pair.GrainId) == 1, "the reminder to be removed");
        Assert.Equal((3, 1), (fixture.Reminders.UpsertsOf(pair.GrainId), fixture.Reminders.RemovesOf(pair.GrainId)));
    }

    [Fact]
    public async Task WarningAndTimeoutTicks_CostOneStateWriteEach()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await pair.TextAsync("hello");
        var writes = fixture.Storage.WritesOf(pair.GrainId);

        fixture.Clock.Advance(TimeSpan.FromHours(24));
        await pair.TickAsync(); // the warning is written before it is sent, and that write is the tick's only one
        Assert.Equal(writes + 1, fixture.Storage.WritesOf(pair.GrainId));
        Assert.StartsWith("Are you still there?", Assert.Single(await pair.OutboxAsync()).Body);

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await pair.TickAsync();
        Assert.Equal(writes + 2, fixture.Storage.WritesOf(pair.GrainId));
        Assert.Equal(SessionEndReason.Timeout, (await pair.ViewAsync()).Session!.EndReason);

        // Reactivated from storage, the warning's provider answer (carried by no write of its own) may be older; the
        // session is not: it stays ended, and no second warning goes out.
        await fixture.Cluster.DeactivateAsync(pair.Grain);
        await pair.TickAsync();
        Assert.Equal(SessionEndReason.Timeout, (await pair.ViewAsync()).Session!.EndReason);
        Assert.Single(await pair.OutboxAsync());
    }

    [Fact]
    public async Task Deactivation_KeepsTheSessionAndItsTimer()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var first = await pair.TextAsync("hello");

        await fixture.Cluster.DeactivateAsync(pair.Grain);
        var upserts = fixture.Reminders.UpsertsOf(pair.GrainId);
        Assert.Equal(first.SessionId, (await pair.ViewAsync()).Session!.SessionId); // reactivated from storage
        Assert.Equal(upserts, fixture.Reminders.UpsertsOf(pair.GrainId)); // reactivation did not register anything
        fixture.Clock.Advance(TimeSpan.FromHours(24));
        await pair.TickAsync();

        var view = await pair.ViewAsync();
        Assert.Equal(first.SessionId, view.Session!.SessionId);
        Assert.NotNull(view.Session.WarningSentAt);
        Assert.NotNull(await fixture.Reminders.FindAsync(pair.GrainId, "session"));
        Assert.Single(await pair.OutboxAsync());
    }
}
