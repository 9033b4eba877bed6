using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.Usage;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>
/// A session a campaign opened costs no reminder while the customer has not answered: it expires when the conversation is
/// next activated (a campaign of 100,000 would otherwise store 100,000 reminders that fire in the same minute).
/// </summary>
public abstract class CampaignSessionTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : CampaignSessionTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : CampaignSessionTests(fixture);

    [Fact]
    public async Task ACampaignMessage_ArmsNoReminder_AndItsUnansweredSessionExpiresOnTheNextActivationAfterTheResumeWindow()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sent = await SendFromCampaignAsync(pair, "Your flu shot is due.");

        Assert.Null(await fixture.Reminders.FindAsync(pair.GrainId, "session"));
        Assert.Equal(0, fixture.Reminders.UpsertsOf(pair.GrainId));

        fixture.Clock.Advance(TimeSpan.FromDays(29));
        await fixture.Cluster.DeactivateAsync(pair.Grain);
        Assert.Equal(SessionState.Active, (await pair.ViewAsync()).Session!.State); // within its window: still open
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await fixture.Cluster.DeactivateAsync(pair.Grain);

        var view = await pair.ViewAsync();
        Assert.Equal((sent.SessionId, SessionState.Ended, SessionEndReason.Expired), (view.Session!.SessionId, view.Session.State, view.Session.EndReason));
        var sessions = await pair.Grain.GetSessionsAsync(pair.Owner);
        Assert.Equal(SessionEndReason.Expired, sessions!.Single(s => s.SessionId == sent.SessionId).EndReason);
        Assert.Equal(0, fixture.Reminders.UpsertsOf(pair.GrainId));
    }

    [Fact]
    public async Task AnUnansweredCampaignSession_ReadPastItsWindowWhileStillActivated_IsShownEnded_AsItIsStoredLater()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sentAt = fixture.Clock.GetUtcNow();
        var sent = await SendFromCampaignAsync(pair, "Your flu shot is due.");
        var expiry = sentAt + TimeSpan.FromDays(30);
        fixture.Clock.Advance(TimeSpan.FromDays(31)); // no activation since: the session's record still says active

        var shown = (await pair.ViewAsync()).Session!;
        var listed = (await pair.Grain.GetSessionsAsync(pair.Owner))!.Single(s => s.SessionId == sent.SessionId);

        Assert.True(await IsActiveAsync(pair));
        Assert.Equal((SessionState.Ended, SessionEndReason.Expired, expiry), (shown.State, shown.EndReason, shown.EndedAt));
        Assert.Equal(shown, listed);
        await fixture.Cluster.DeactivateAsync(pair.Grain); // the next activation ends it for real, at the same instant
        var stored = (await pair.ViewAsync()).Session!;
        Assert.Equal(shown, stored);
        Assert.Equal(shown, (await pair.Grain.GetSessionsAsync(pair.Owner))!.Single(s => s.SessionId == sent.SessionId));
    }

    [Fact]
    public async Task ACampaignSessionTheCustomerAnswers_GetsItsReminder_AndIsWarnedAsAnyOther()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sent = await SendFromCampaignAsync(pair, "Reply YES to book.");

        var reply = await pair.TextAsync("YES");

        Assert.Equal(sent.SessionId, reply.SessionId);
        Assert.NotNull(await fixture.Reminders.FindAsync(pair.GrainId, "session"));
        fixture.Clock.Advance(TimeSpan.FromHours(24));
        await pair.TickAsync();
        Assert.NotNull((await pair.ViewAsync()).Session!.WarningSentAt); // engaged: warned after 24 h of silence, as any session
    }

    [Fact]
    public async Task AnUnansweredCampaignSession_PastItsWindow_EndsExpiredWhenTheCustomerWritesAgain()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sentAt = fixture.Clock.GetUtcNow();
        var sent = await SendFromCampaignAsync(pair, "We miss you.");
        fixture.Clock.Advance(TimeSpan.FromDays(31)); // still active: no activation since

        var reply = await pair.TextAsync("who is this?");

        Assert.NotEqual(sent.SessionId, reply.SessionId);
        var sessions = await pair.Grain.GetSessionsAsync(pair.Owner);
        var ended = sessions!.Single(s => s.SessionId == sent.SessionId);
        Assert.Equal((SessionEndReason.Expired, sentAt + TimeSpan.FromDays(30)), (ended.EndReason, ended.EndedAt)); // as reads showed it
    }

    [Fact]
    public async Task AnUnansweredCampaignSession_SupersededPastItsWindow_EndedExpiredAtTheEndOfItsWindow()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sentAt = fixture.Clock.GetUtcNow();
        var sent = await SendFromCampaignAsync(pair, "We miss you.");
        fixture.Clock.Advance(TimeSpan.FromDays(40));

        await SendFromCampaignAsync(pair, "Still here for you.");

        var ended = (await pair.Grain.GetSessionsAsync(pair.Owner))!.Single(s => s.SessionId == sent.SessionId);
        Assert.Equal((SessionEndReason.Expired, sentAt + TimeSpan.FromDays(30)), (ended.EndReason, ended.EndedAt));
    }

    [Fact]
    public async Task ACampaignMessageSettledByItsStatusCallback_LeavesNoActivation_AndTheTranscriptKeepsIt()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sent = await SendFromCampaignAsync(pair, "Your results are ready.");
        var sid = (await pair.OutboxReachesAsync(1))[0].MessageSid;
        Assert.True(await IsActiveAsync(pair));

        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(sent.MessageId, sid, DeliveryStatus.Delivered, null));

        await Eventually.TrueAsync(async () => !await IsActiveAsync(pair), "the conversation to deactivate");
        var message = (await pair.ViewAsync()).Messages.Single();
        Assert.Equal((sent.MessageId, DeliveryStatus.Delivered), (message.MessageId, message.DeliveryStatus));
        Assert.Contains(await fixture.Archive.ReadAsync(pair.ConversationId, null, 10), m => m.MessageId == sent.MessageId);
    }

    [Fact]
    public async Task ACampaignSend_CostsTheConversationOneStateWrite_AndItsUsageIsCountedOnce()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var writesBefore = fixture.Storage.WritesOf(pair.GrainId);

        await SendFromCampaignAsync(pair, "Your flu shot is due.");
        var usage = fixture.Grains.GetGrain<IUsageGrain>(IUsageGrain.KeyFor(pair.Owner, DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime)));
        await Eventually.TrueAsync(async () => (await usage.GetAsync()).OutboundMessages >= 1, "the usage to be handed over");

        // The write that records the message carries its usage: the provider's answer and the hand-over add none.
        Assert.Equal(1, fixture.Storage.WritesOf(pair.GrainId) - writesBefore);
        await fixture.Cluster.DeactivateAsync(pair.Grain); // hands over anything still owed: nothing
        await pair.ViewAsync();
        await fixture.Cluster.DeactivateAsync(pair.Grain);
        var counted = await usage.GetAsync();
        Assert.Equal((1L, 1L), (counted.OutboundMessages, counted.OutboundSegments));
    }

    [Fact]
    public async Task AStopStoredButNotAcknowledged_TheCarrierRetryTellsTheCampaignOfTheOptOut()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var campaignId = "cmp_" + Guid.NewGuid().ToString("N");
        await SendFromCampaignAsync(pair, "Your flu shot is due.", campaignId);
        var campaign = fixture.Grains.GetGrain<ICampaignGrain>(campaignId).GetGrainId();
        fixture.Storage.FailNextWrite(pair.GrainId, committed: true);

        await Assert.ThrowsAnyAsync<Exception>(() => pair.TextAsync("STOP", providerId: "SMcmpstoplost0000000000000000001"));
        // The conversation owes it after a write it never saw (the recipient's grain, which stored the opt-out, told it too).
        Assert.Equal(0, fixture.Calls.CallsOf(campaign, nameof(ICampaignGrain.NoticeInboundAsync), from: pair.GrainId));
        var retry = await pair.TextAsync("STOP", providerId: "SMcmpstoplost0000000000000000001");

        Assert.True(retry.Duplicate);
        await Eventually.TrueAsync(() => fixture.Calls.CallsOf(campaign, nameof(ICampaignGrain.NoticeInboundAsync), from: pair.GrainId) == 1,
            "the campaign to be told of the opt-out");
    }

    [Fact]
    public async Task AFinalStatusStoredButNotAcknowledged_TheCallbacksRetryTellsTheCampaign()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var campaignId = "cmp_" + Guid.NewGuid().ToString("N");
        var sent = await SendFromCampaignAsync(pair, "Your results are ready.", campaignId);
        var sid = (await pair.OutboxReachesAsync(1))[0].MessageSid;
        var campaign = fixture.Grains.GetGrain<ICampaignGrain>(campaignId).GetGrainId();
        var delivered = new DeliveryReport(sent.MessageId, sid, DeliveryStatus.Delivered, null);
        fixture.Storage.FailNextWrite(pair.GrainId, committed: true);

        await Assert.ThrowsAnyAsync<Exception>(() => pair.Grain.ReportDeliveryAsync(delivered));
        Assert.Equal(0, fixture.Calls.CallsOf(campaign, nameof(ICampaignGrain.NoticeDeliveryAsync)));
        await pair.Grain.ReportDeliveryAsync(delivered); // the provider's retry: storage has the status already

        await Eventually.TrueAsync(() => fixture.Calls.CallsOf(campaign, nameof(ICampaignGrain.NoticeDeliveryAsync)) == 1,
            "the campaign to be told of the delivery");
        Assert.Equal(DeliveryStatus.Delivered, (await pair.ViewAsync()).Messages.Single().DeliveryStatus);
    }

    /// <summary>Asks every silo's catalog (not a directory cache, which may still name a gone activation).</summary>
    private async Task<bool> IsActiveAsync(TestPair pair) =>
        (await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()).Any(g => g.GrainId == pair.GrainId);

    private static async Task<OutboundOutcome> SendFromCampaignAsync(TestPair pair, string body, string? campaignId = null)
    {
        var campaign = new CampaignSend(campaignId ?? "cmp_" + Guid.NewGuid().ToString("N"), "msg_" + Guid.CreateVersion7().ToString("N"));
        var sent = await pair.Grain.StartOutboundAsync(new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, body, null, campaign));
        Assert.True(sent.Succeeded, sent.Error?.Detail);
        return sent.Value;
    }
}
