using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>docs/api.md: Session lifecycle, row by row, on a real two-silo cluster.</summary>
public abstract class SessionLifecycleTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : SessionLifecycleTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : SessionLifecycleTests(fixture);

    [Fact]
    public async Task FirstMessage_StartsEngagedSessionAndTheAgentAnswers()
    {
        var pair = await fixture.NewPairAsync();

        var outcome = await pair.TextAsync("Hi, is my appointment on Friday?");

        Assert.False(outcome.Duplicate);
        var outbox = await pair.OutboxReachesAsync(1);
        Assert.Equal("Hi, is my appointment on Friday?", outbox[0].Body);
        Assert.Equal(pair.AgentNumber, outbox[0].From);
        var view = await pair.ViewAsync();
        Assert.Equal(outcome.SessionId, view.Session!.SessionId);
        Assert.Equal(SessionState.Active, view.Session.State);
        Assert.True(view.Session.Engaged);
        Assert.Equal(pair.UseCaseId, view.UseCaseId);
        Assert.Collection(view.Messages,
            m => Assert.Equal((MessageDirection.Inbound, MessageRole.User, MessageSource.Inbound), (m.Direction, m.Role, m.Source)),
            m => Assert.Equal((MessageDirection.Outbound, MessageRole.Agent, MessageSource.SmsAgent, outbox[0].MessageSid),
                              (m.Direction, m.Role, m.Source, m.ProviderMessageSid)));
    }

    [Fact]
    public async Task ActiveSession_NextMessageJoinsIt()
    {
        var pair = await fixture.NewPairAsync();
        var first = await pair.TextAsync("one");
        fixture.Clock.Advance(TimeSpan.FromHours(23));

        var second = await pair.TextAsync("two");

        Assert.Equal(first.SessionId, second.SessionId);
        var sessions = await pair.Grain.GetSessionsAsync(pair.Owner);
        Assert.Single(sessions!);
    }

    public enum Ending { Timeout, Superseded, Closed, OptedOut }

    [Theory]
    [InlineData(Ending.Timeout, SessionEndReason.Timeout)]
    [InlineData(Ending.Superseded, SessionEndReason.Superseded)]
    [InlineData(Ending.Closed, SessionEndReason.Closed)]
    [InlineData(Ending.OptedOut, SessionEndReason.OptedOut)]
    public async Task EndedSession_NextMessageStartsANewOne(Ending ending, SessionEndReason reason)
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var first = await pair.TextAsync("hello");
        var ended = await EndAsync(pair, ending);

        var next = await pair.TextAsync("hello again");

        Assert.NotEqual(ended, next.SessionId);
        var sessions = await pair.Grain.GetSessionsAsync(pair.Owner);
        var old = Assert.Single(sessions!, s => s.SessionId == first.SessionId);
        Assert.Equal((SessionState.Ended, reason), (old.State, old.EndReason));
        Assert.Equal(SessionState.Active, sessions!.Single(s => s.SessionId == next.SessionId).State);
    }

    private async Task<string> EndAsync(TestPair pair, Ending ending)
    {
        var sessionId = (await pair.ViewAsync()).Session!.SessionId;
        switch (ending)
        {
            case Ending.Timeout:
                fixture.Clock.Advance(TimeSpan.FromHours(24));
                await pair.TickAsync();
                fixture.Clock.Advance(TimeSpan.FromMinutes(10));
                await pair.TickAsync();
                break;
            case Ending.Superseded:
                var sent = await pair.StartOutboundAsync("Reminder: Friday 3pm");
                sessionId = sent.SessionId;
                // The outbound session is the one that is now active; end it as well so the text starts a new one.
                await pair.Grain.CloseSessionAsync(pair.Owner);
                return sessionId;
            case Ending.Closed:
                await pair.Grain.CloseSessionAsync(pair.Owner);
                break;
            case Ending.OptedOut:
                await pair.TextAsync("STOP");
                break;
        }
        var view = await pair.ViewAsync();
        Assert.Equal(SessionState.Ended, view.Session!.State);
        return sessionId;
    }

    [Fact]
    public async Task OptOut_EndsSessionSetsDncAndSkipsTheAgent()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("hi");
        await pair.OutboxReachesAsync(1);

        await pair.TextAsync("stop");

        var view = await pair.ViewAsync();
        Assert.Equal(ConversationStatus.Dnc, view.Status);
        Assert.Equal(SessionEndReason.OptedOut, view.Session!.EndReason);
        Assert.Equal("stop", view.Messages[^1].Body);
        // Later messages prove the agent did not answer the STOP; START opts in again and, like any word, reaches the agent.
        await pair.TextAsync("START");
        await pair.OutboxReachesAsync(2);
        await pair.TextAsync("ping");
        var outbox = await pair.OutboxReachesAsync(3);
        Assert.Equal(["hi", "START", "ping"], outbox.Select(o => o.Body));
        Assert.Equal(ConversationStatus.InProgress, (await pair.ViewAsync()).Status);
    }

    [Fact]
    public async Task Outbound_SupersedesActiveSessionAndAReplyJoinsTheSessionItCreated()
    {
        var pair = await fixture.NewPairAsync();
        var earlier = await pair.TextAsync("old topic");
        await pair.OutboxReachesAsync(1);

        var sent = await pair.StartOutboundAsync("Your test results are ready. Reply YES to book.");
        var reply = await pair.TextAsync("Can I come Monday?");

        Assert.NotEqual(earlier.SessionId, sent.SessionId);
        Assert.Equal(sent.SessionId, reply.SessionId);
        var sessions = await pair.Grain.GetSessionsAsync(pair.Owner);
        Assert.Equal(SessionEndReason.Superseded, sessions!.Single(s => s.SessionId == earlier.SessionId).EndReason);
        var view = await pair.ViewAsync();
        var session = view.Messages.Where(m => m.SessionId == sent.SessionId).ToList();
        Assert.Equal(MessageSource.Api, session[0].Source);
        Assert.Equal("Can I come Monday?", session[1].Body);
        Assert.True(view.Session!.Engaged);
    }

    [Fact]
    public async Task Outbound_NeverEngaged_ExpiresAfterResumeWindowAndALaterReplyStartsANewSession()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sent = await pair.StartOutboundAsync("We miss you! Book a check-up?");

        fixture.Clock.Advance(TimeSpan.FromDays(29));
        await pair.TickAsync();
        Assert.Equal(SessionState.Active, (await pair.ViewAsync()).Session!.State);
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await pair.TickAsync();

        var view = await pair.ViewAsync();
        Assert.Equal((SessionState.Ended, SessionEndReason.Expired), (view.Session!.State, view.Session.EndReason));
        var reply = await pair.TextAsync("sure");
        Assert.NotEqual(sent.SessionId, reply.SessionId);
        // Never engaged means no warning was ever sent.
        Assert.Single(await pair.OutboxAsync());
    }

    [Fact]
    public async Task Outbound_ResumeWindowPassedWithoutTick_ReplyStillStartsANewSession()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sent = await pair.StartOutboundAsync("Flu shots are in.");
        fixture.Clock.Advance(TimeSpan.FromDays(31)); // the tick is lost: the stored timestamps still decide

        var reply = await pair.TextAsync("ok");

        Assert.NotEqual(sent.SessionId, reply.SessionId);
        var sessions = await pair.Grain.GetSessionsAsync(pair.Owner);
        Assert.Equal(SessionEndReason.Expired, sessions!.Single(s => s.SessionId == sent.SessionId).EndReason);
    }

    [Fact]
    public async Task ManualReply_JoinsTheCurrentSessionAsManual()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var inbound = await pair.TextAsync("Can a human help?");

        var sent = await pair.Grain.ReplyAsync(pair.Owner, "Hi, this is Dana from the clinic.");

        Assert.True(sent.Succeeded, sent.Error?.Detail);
        Assert.Equal(inbound.SessionId, sent.Value.SessionId);
        var view = await pair.ViewAsync();
        Assert.Equal(MessageSource.Manual, view.Messages[^1].Source);
        Assert.Equal("not_found", (await pair.Grain.ReplyAsync(new ResourceOwner("ten_someone_else", "live"), "nope")).Error?.Code);
    }

    [Fact]
    public async Task OtherTenant_SeesNothing()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("private");

        // Another tenant, and the same tenant in another environment (environments are walls): nothing, and no change.
        foreach (var stranger in new ResourceOwner[] { new("ten_other", "live"), new(pair.TenantId, "sandbox"), new(pair.TenantId, "dev") })
        {
            Assert.Null(await pair.Grain.GetAsync(stranger));
            Assert.Null(await pair.Grain.GetSessionsAsync(stranger));
            Assert.Null(await pair.Grain.UpdateAsync(stranger, new ConversationUpdate(ConversationStatus.Qualified, null)));
            Assert.Null(await pair.Grain.CloseSessionAsync(stranger));
            Assert.Equal(SmsErrorCodes.NotFound, (await pair.Grain.ReplyAsync(stranger, "nope")).Error?.Code);
        }
        var view = await pair.ViewAsync();
        Assert.Equal((ConversationStatus.InProgress, SessionState.Active), (view.Status, view.Session!.State));
        Assert.DoesNotContain(view.Messages, m => m.Body == "nope");
    }

    [Fact]
    public async Task AgentModeOff_MessagesAreStoredAndOnlyHumansReply()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("first");
        await pair.OutboxReachesAsync(1);

        var updated = await pair.Grain.UpdateAsync(pair.Owner, new ConversationUpdate(ConversationStatus.FollowUp, AgentMode: false));
        await pair.TextAsync("second");
        await pair.Grain.ReplyAsync(pair.Owner, "human here");

        Assert.Equal((ConversationStatus.FollowUp, false), (updated!.Status, updated.AgentMode));
        var outbox = await pair.OutboxReachesAsync(2);
        Assert.Equal(["first", "human here"], outbox.Select(o => o.Body));
        Assert.Contains((await pair.ViewAsync()).Messages, m => m.Body == "second");
    }

    [Fact]
    public async Task UseCaseBatchWindow_HoldsTheTurnLongerThanTheEngineDefault()
    {
        var pair = await fixture.NewPairAsync(batchWindow: TimeSpan.FromHours(1)); // the engine's default here is 0
        var writes = fixture.Storage.WritesOf(pair.GrainId);
        await pair.TextAsync("one");
        // One write records "one" and the use case's window, learned before the turn is timed: the turn waits on it.
        Assert.Equal(writes + 1, fixture.Storage.WritesOf(pair.GrainId));

        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        await pair.TextAsync("two");
        Assert.Empty(await pair.OutboxAsync());
        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        await pair.TickAsync(); // the reminder an owed turn keeps

        Assert.Equal("one\ntwo", Assert.Single(await pair.OutboxReachesAsync(1)).Body);
    }
}
