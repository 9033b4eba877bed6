using Orleans.Sms.Client.Tests.Infrastructure;
using Orleans.Sms.Testing.Events;
using Orleans.Sms.Conversations;
using Orleans.Sms.Events;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Client.Tests;

/// <summary>Live conversation events through ISmsEngine: subscribe, receive, unsubscribe, tenant isolation, renewal.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventTests(ClusterFixture fixture)
{
    private static int s_tenants;

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task SubscribeAsync_PublishedEvents_ArriveInOrderWithEveryField()
    {
        var tenantId = NewTenantId();
        await using var subscription = await fixture.EngineFor(tenantId).SubscribeAsync();
        var message = SampleEvents.Message(tenantId, "Hi there");
        var owner = new ResourceOwner(tenantId, "live");
        var status = ConversationEvent.StatusChanged(tenantId, message.ConversationId, "ses_1", SampleEvents.At, ConversationStatus.Qualified).For(owner);
        var ended = ConversationEvent.SessionEnded(tenantId, message.ConversationId, "ses_1", SampleEvents.At, SessionEndReason.Timeout).For(owner);

        foreach (var e in new[] { message, status, ended })
        {
            await SampleEvents.PublishAsync(Grains, e);
        }

        // Delivery order is not promised (several gateways, one-way calls): match by kind.
        var received = (await Eventually.ReceiveAsync(subscription.Events, 3)).OrderBy(e => e.Kind).ToList();
        var first = received[0];
        Assert.Equal((ConversationEventKind.MessageAdded, tenantId, "live", message.ConversationId, "ses_1", SampleEvents.At),
            (first.Kind, first.TenantId, first.Environment, first.ConversationId, first.SessionId, first.At));
        Assert.Equal((message.Message!.MessageId, "Hi there", MessageDirection.Inbound), (first.Message?.MessageId, first.Message?.Body, first.Message?.Direction));
        Assert.Equal(status, received[1]);
        Assert.Equal(ended, received[2]);
        Assert.Equal(0, subscription.DroppedCount);
    }

    [Fact]
    public async Task WatchAsync_YieldsEventsUntilCancelled()
    {
        var tenantId = NewTenantId();
        using var stop = new CancellationTokenSource();
        await using var watch = fixture.EngineFor(tenantId).WatchAsync(stop.Token).GetAsyncEnumerator();

        // The watch subscribes when enumeration starts: publish probes until the first one is through.
        var next = watch.MoveNextAsync().AsTask();
        await Eventually.TrueAsync(async () =>
        {
            await SampleEvents.PublishAsync(Grains, SampleEvents.Message(tenantId, "probe"));
            return await Task.WhenAny(next, Task.Delay(50)) == next;
        }, "the watch to subscribe");
        Assert.True(await next);

        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(tenantId, "real"));
        while (await watch.MoveNextAsync() && watch.Current.Message?.Body == "probe")
        {
        }
        Assert.Equal("real", watch.Current.Message?.Body);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await watch.MoveNextAsync());
    }

    [Fact]
    public async Task TwoSubscribers_BothReceiveEveryEvent()
    {
        var tenantId = NewTenantId();
        await using var one = await fixture.EngineFor(tenantId).SubscribeAsync();
        await using var two = await fixture.EngineFor(tenantId).SubscribeAsync();

        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(tenantId, "to both"));

        Assert.Equal("to both", (await Eventually.NextAsync(one.Events)).Message?.Body);
        Assert.Equal("to both", (await Eventually.NextAsync(two.Events)).Message?.Body);
    }

    [Fact]
    public async Task DisposeAsync_UnsubscribesAndCompletesTheEvents()
    {
        var tenantId = NewTenantId();
        var gone = await fixture.EngineFor(tenantId).SubscribeAsync();
        await using var staying = await fixture.EngineFor(tenantId).SubscribeAsync();

        await gone.DisposeAsync();
        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(tenantId, "after"));

        Assert.Equal("after", (await Eventually.NextAsync(staying.Events)).Message?.Body);
        await gone.Events.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(gone.Events.TryRead(out _));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => gone.RenewAsync());
    }

    [Fact]
    public async Task OtherTenantsSubscriber_ReceivesNothing()
    {
        var mine = NewTenantId();
        var theirs = NewTenantId();
        await using var mySubscription = await fixture.EngineFor(mine).SubscribeAsync();
        await using var theirSubscription = await fixture.EngineFor(theirs).SubscribeAsync();

        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(theirs, "theirs"));
        Assert.Equal("theirs", (await Eventually.NextAsync(theirSubscription.Events)).Message?.Body);
        // A misaddressed event (their tenant, my hub) is dropped by the hub too.
        await SampleEvents.Hub(Grains, mine).PublishAsync(SampleEvents.Message(theirs, "misaddressed"));
        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(mine, "mine"));

        var first = await Eventually.NextAsync(mySubscription.Events);
        Assert.Equal((mine, "mine"), (first.TenantId, first.Message?.Body));
        // One more round trip, so that a leaked event (sent before it) would have arrived by now.
        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(mine, "barrier"));
        Assert.Equal("barrier", (await Eventually.NextAsync(mySubscription.Events)).Message?.Body);
        Assert.False(mySubscription.Events.TryRead(out _));
        Assert.False(theirSubscription.Events.TryRead(out _));
    }

    [Fact]
    public async Task ConversationEventsPublishAsync_ReachesTheTenantsSubscribers()
    {
        var tenantId = NewTenantId();
        await using var subscription = await fixture.EngineFor(tenantId).SubscribeAsync();

        await ConversationEvents.PublishAsync(Grains, new ResourceOwner(tenantId, "live"), ConversationEvent.StatusChanged(
            tenantId, "conv_0123456789abcdef0123456789abcdef", "ses_9", SampleEvents.At, ConversationStatus.FollowUp));

        var e = await Eventually.NextAsync(subscription.Events);
        Assert.Equal((ConversationEventKind.StatusChanged, ConversationStatus.FollowUp, "ses_9", "live"), (e.Kind, e.Status, e.SessionId, e.Environment));
    }

    [Fact]
    public async Task Subscription_RenewsItselfPastTheHubsExpiry_WhileABareOneLapses()
    {
        var tenantId = NewTenantId();
        var bare = new RecordingObserver();
        var bareReference = Grains.CreateObjectReference<IConversationEventObserver>(bare);
        await SampleEvents.Hub(Grains, tenantId).SubscribeAsync(bareReference);
        await using var renewing = await fixture.EngineFor(tenantId, time: fixture.Clock).SubscribeAsync();

        var minutes = (int)TenantEventsPolicy.SubscriptionExpiry.TotalMinutes + 1;
        for (var i = 1; i <= minutes; i++)
        {
            fixture.Clock.Advance(TenantEventsPolicy.RenewalInterval);
            await Eventually.TrueAsync(() => renewing.Renewals >= i, $"renewal {i}");
        }
        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(tenantId, "still here"));
        await SampleEvents.PublishAsync(Grains, SampleEvents.Message(tenantId, "barrier"));

        Assert.Equal(["barrier", "still here"], (await Eventually.ReceiveAsync(renewing.Events, 2)).Select(e => e.Message?.Body).Order());
        Assert.False(bare.Events.TryRead(out _));
        Grains.DeleteObjectReference<IConversationEventObserver>(bareReference);
    }

    private static string NewTenantId() => $"ten_ev{Interlocked.Increment(ref s_tenants)}";
}
