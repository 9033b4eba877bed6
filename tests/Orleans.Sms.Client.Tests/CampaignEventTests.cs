using System.Threading.Channels;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Client.Tests.Infrastructure;
using Orleans.Sms.Events;

namespace Orleans.Sms.Client.Tests;

/// <summary>
/// Campaign progress through the tenant hub and ISmsEngine.SubscribeCampaignsAsync: kept apart from conversation events,
/// walls between owners, unsubscribe, renewal. (A real campaign's events: the host tests' CampaignProgressEventTests.)
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CampaignEventTests(ClusterFixture fixture)
{
    private static int s_tenants;

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task SubscribeCampaignsAsync_ReceivesCampaignEvents_WithEveryField_AndNoConversationEvents()
    {
        var tenantId = NewTenantId();
        await using var campaigns = await fixture.EngineFor(tenantId).SubscribeCampaignsAsync();
        await using var conversations = await fixture.EngineFor(tenantId).SubscribeAsync();
        var counts = new CampaignCounts().Added(3).Moved(RecipientStatus.Pending, RecipientStatus.Sent) with { Replied = 1 };
        var paused = Progress(tenantId, "cmp_a", CampaignStatus.Paused, counts, PauseReason.OptOutRate);

        await CampaignEvents.PublishAsync(Grains, paused);
        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(tenantId, "a conversation"));

        Assert.Equal(paused, await Eventually.NextAsync(campaigns.Events));
        Assert.Equal("a conversation", (await Eventually.NextAsync(conversations.Events)).Message?.Body);
        // Each kind reaches its own subscribers only: one more round of each, so a crossed event would have come first.
        await CampaignEvents.PublishAsync(Grains, paused with { CampaignId = "cmp_barrier" });
        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(tenantId, "barrier"));
        Assert.Equal("cmp_barrier", (await Eventually.NextAsync(campaigns.Events)).CampaignId);
        Assert.Equal("barrier", (await Eventually.NextAsync(conversations.Events)).Message?.Body);
        Assert.False(campaigns.Events.TryRead(out _));
        Assert.False(conversations.Events.TryRead(out _));
        Assert.Equal(0, campaigns.DroppedCount);
    }

    [Fact]
    public async Task CampaignEvents_OfAnotherEnvironmentOrTenant_NeverReachASubscriber()
    {
        var mine = NewTenantId();
        var theirs = NewTenantId();
        await using var live = await fixture.EngineFor(mine, "live").SubscribeCampaignsAsync();
        await using var sandbox = await fixture.EngineFor(mine, "sandbox").SubscribeCampaignsAsync();
        await using var other = await fixture.EngineFor(theirs, "live").SubscribeCampaignsAsync();

        await CampaignEvents.PublishAsync(Grains, Progress(mine, "cmp_live", CampaignStatus.Running));
        // Misaddressed by hand: my live hub is given the sandbox's and another tenant's events; it drops both.
        await SampleEvents.Hub(Grains, mine).PublishCampaignAsync(Progress(mine, "cmp_sandbox", CampaignStatus.Running, environment: "sandbox"));
        await SampleEvents.Hub(Grains, mine).PublishCampaignAsync(Progress(theirs, "cmp_theirs", CampaignStatus.Running));
        await CampaignEvents.PublishAsync(Grains, Progress(mine, "cmp_barrier", CampaignStatus.Running));

        Assert.Equal(["cmp_barrier", "cmp_live"], (await Eventually.ReceiveAsync(live.Events, 2)).Select(e => e.CampaignId).Order());
        Assert.False(live.Events.TryRead(out _));
        // The others hear nothing of it: their first event is a barrier published to their own hubs after it all.
        await CampaignEvents.PublishAsync(Grains, Progress(mine, "cmp_sandbox_barrier", CampaignStatus.Draft, environment: "sandbox"));
        await CampaignEvents.PublishAsync(Grains, Progress(theirs, "cmp_their_barrier", CampaignStatus.Draft));
        Assert.Equal("cmp_sandbox_barrier", (await Eventually.NextAsync(sandbox.Events)).CampaignId);
        Assert.Equal("cmp_their_barrier", (await Eventually.NextAsync(other.Events)).CampaignId);
        Assert.False(sandbox.Events.TryRead(out _));
        Assert.False(other.Events.TryRead(out _));
    }

    [Fact]
    public async Task DisposeAsync_Unsubscribes_AndCompletesTheEvents()
    {
        var tenantId = NewTenantId();
        var gone = await fixture.EngineFor(tenantId).SubscribeCampaignsAsync();
        await using var staying = await fixture.EngineFor(tenantId).SubscribeCampaignsAsync();

        await gone.DisposeAsync();
        await CampaignEvents.PublishAsync(Grains, Progress(tenantId, "cmp_after", CampaignStatus.Running));

        Assert.Equal("cmp_after", (await Eventually.NextAsync(staying.Events)).CampaignId);
        await gone.Events.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(gone.Events.TryRead(out _));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => gone.RenewAsync());
    }

    [Fact]
    public async Task WatchCampaignsAsync_YieldsEvents_UntilCancelled()
    {
        var tenantId = NewTenantId();
        using var stop = new CancellationTokenSource();
        var watched = Channel.CreateUnbounded<CampaignEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in fixture.EngineFor(tenantId).WatchCampaignsAsync(stop.Token))
            {
                await watched.Writer.WriteAsync(e);
            }
        });
        // The watch subscribes when enumeration starts: publish until the first event gets through.
        await Eventually.TrueAsync(async () =>
        {
            await CampaignEvents.PublishAsync(Grains, Progress(tenantId, "cmp_w", CampaignStatus.Running));
            return watched.Reader.TryRead(out var e) && e.CampaignId == "cmp_w";
        }, "the watch to receive an event");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    [Fact]
    public async Task CampaignSubscription_RenewsItselfPastTheHubsExpiry_WhileABareOneLapses()
    {
        var tenantId = NewTenantId();
        var bare = new RecordingCampaignObserver();
        var bareReference = Grains.CreateObjectReference<ICampaignEventObserver>(bare);
        await SampleEvents.Hub(Grains, tenantId).SubscribeCampaignsAsync(bareReference);
        await using var renewing = await fixture.EngineFor(tenantId, time: fixture.Clock).SubscribeCampaignsAsync();

        var minutes = (int)TenantEventsPolicy.SubscriptionExpiry.TotalMinutes + 1;
        for (var i = 1; i <= minutes; i++)
        {
            fixture.Clock.Advance(TenantEventsPolicy.RenewalInterval);
            await Eventually.TrueAsync(() => renewing.Renewals >= i, $"renewal {i}");
        }
        await CampaignEvents.PublishAsync(Grains, Progress(tenantId, "cmp_still", CampaignStatus.Running));

        Assert.Equal("cmp_still", (await Eventually.NextAsync(renewing.Events)).CampaignId);
        Assert.False(bare.Events.TryRead(out _));
        Grains.DeleteObjectReference<ICampaignEventObserver>(bareReference);
    }

    [Fact]
    public async Task OneObserver_OfBothKinds_OnOneHub_GetsEachOnItsOwnMethod()
    {
        // What a bridge to browsers (one group per tenant and environment) does: one object, two subscriptions, one hub.
        var tenantId = NewTenantId();
        var bridge = new RecordingCampaignObserver();
        var asConversations = Grains.CreateObjectReference<IConversationEventObserver>(bridge);
        var asCampaigns = Grains.CreateObjectReference<ICampaignEventObserver>(bridge);
        var hub = SampleEvents.Hub(Grains, tenantId);
        await hub.SubscribeAsync(asConversations);
        await hub.SubscribeCampaignsAsync(asCampaigns);

        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(tenantId, "hello"));
        await CampaignEvents.PublishAsync(Grains, Progress(tenantId, "cmp_both", CampaignStatus.Completed));

        Assert.Equal("hello", (await Eventually.NextAsync(bridge.Conversations)).Message?.Body);
        Assert.Equal("cmp_both", (await Eventually.NextAsync(bridge.Events)).CampaignId);
        await hub.UnsubscribeAsync(asConversations);
        await hub.UnsubscribeCampaignsAsync(asCampaigns);
        Grains.DeleteObjectReference<IConversationEventObserver>(asConversations);
        Grains.DeleteObjectReference<ICampaignEventObserver>(asCampaigns);
    }

    private static CampaignEvent Progress(
        string tenantId, string campaignId, CampaignStatus status, CampaignCounts? counts = null, PauseReason? reason = null,
        string environment = "live") =>
        new(campaignId, tenantId, environment, status, reason, counts ?? new CampaignCounts().Added(3), SampleEvents.At);

    private static string NewTenantId() => $"ten_cmpev{Interlocked.Increment(ref s_tenants)}";

    /// <summary>A bare observer of both kinds, subscribed by hand (it never renews).</summary>
    private sealed class RecordingCampaignObserver : ICampaignEventObserver, IConversationEventObserver
    {
        private readonly Channel<CampaignEvent> _events = Channel.CreateUnbounded<CampaignEvent>();
        private readonly Channel<ConversationEvent> _conversations = Channel.CreateUnbounded<ConversationEvent>();

        public ChannelReader<CampaignEvent> Events => _events.Reader;

        public ChannelReader<ConversationEvent> Conversations => _conversations.Reader;

        public Task OnCampaignEventAsync(CampaignEvent e)
        {
            _events.Writer.TryWrite(e);
            return Task.CompletedTask;
        }

        public Task OnEventAsync(ConversationEvent e)
        {
            _conversations.Writer.TryWrite(e);
            return Task.CompletedTask;
        }
    }
}
