using Orleans.Sms.Client.Tests.Infrastructure;
using Orleans.Sms.Testing.Events;
using Orleans.Sms.Events;

namespace Orleans.Sms.Client.Tests;

/// <summary>The events hub itself, driven with bare observers (no SDK in between).</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventHubTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task UnsubscribeAsync_StopsDeliveryToThatObserverOnly()
    {
        var hub = SampleEvents.Hub(Grains, "ten_hub1");
        var (leaving, leavingReference) = Observer();
        var (staying, stayingReference) = Observer();
        await hub.SubscribeAsync(leavingReference);
        await hub.SubscribeAsync(stayingReference);

        await hub.PublishAsync(SampleEvents.Message("ten_hub1", "before"));
        Assert.Equal("before", (await Eventually.NextAsync(leaving.Events)).Message?.Body);
        Assert.Equal("before", (await Eventually.NextAsync(staying.Events)).Message?.Body);

        await hub.UnsubscribeAsync(leavingReference);
        await hub.PublishAsync(SampleEvents.Message("ten_hub1", "after"));
        await hub.PublishAsync(SampleEvents.Message("ten_hub1", "barrier"));

        Assert.Equal(["after", "barrier"], await BodiesAsync(staying, 2));
        // The staying observer's events say nothing about the leaving one's (no order across observers): subscribe it
        // again and wait for an event sent to it after the others; had "after" or "barrier" reached it, they came first.
        await hub.SubscribeAsync(leavingReference);
        await hub.PublishAsync(SampleEvents.Message("ten_hub1", "again"));
        Assert.Equal(["again"], await BodiesAsync(staying, 1));
        Assert.Equal("again", (await Eventually.NextAsync(leaving.Events)).Message?.Body);
        Assert.False(leaving.Events.TryRead(out _));
    }

    [Fact]
    public async Task SubscribeAsync_Twice_DeliversOnce()
    {
        var hub = SampleEvents.Hub(Grains, "ten_hub2");
        var (observer, reference) = Observer();
        await hub.SubscribeAsync(reference);
        await hub.SubscribeAsync(reference);

        await hub.PublishAsync(SampleEvents.Message("ten_hub2", "once"));
        await hub.PublishAsync(SampleEvents.Message("ten_hub2", "barrier"));

        Assert.Equal(["barrier", "once"], await BodiesAsync(observer, 2));
        await hub.PublishAsync(SampleEvents.Message("ten_hub2", "last"));
        Assert.Equal(["last"], await BodiesAsync(observer, 1));
        Assert.False(observer.Events.TryRead(out _));
    }

    [Fact]
    public async Task UnsubscribeAsync_NotSubscribed_IsANoOp()
    {
        var hub = SampleEvents.Hub(Grains, "ten_hub3");
        var (subscribed, subscribedReference) = Observer();
        var (stranger, strangerReference) = Observer();
        await hub.SubscribeAsync(subscribedReference);

        await hub.UnsubscribeAsync(strangerReference);
        await hub.PublishAsync(SampleEvents.Message("ten_hub3", "still here"));

        Assert.Equal(["still here"], await BodiesAsync(subscribed, 1));
        Assert.False(stranger.Events.TryRead(out _));
    }

    [Fact]
    public async Task PublishAsync_AnotherEnvironmentsOrUnstampedEvent_IsDropped()
    {
        var hub = SampleEvents.Hub(Grains, "ten_hub4");
        var (observer, reference) = Observer();
        await hub.SubscribeAsync(reference);

        // Environments are walls: the tenant's live hub never relays its sandbox's events, nor one that names no environment.
        await hub.PublishAsync(SampleEvents.Message("ten_hub4", "sandbox", environment: "sandbox"));
        await hub.PublishAsync(SampleEvents.Message("ten_hub4", "unstamped") with { Environment = null });
        await hub.PublishAsync(SampleEvents.Message("ten_hub4", "barrier"));

        Assert.Equal(["barrier"], await BodiesAsync(observer, 1));
        Assert.False(observer.Events.TryRead(out _));
    }

    // Delivery order is not promised (several gateways, one-way calls): compare sorted.
    private static async Task<IEnumerable<string?>> BodiesAsync(RecordingObserver observer, int count) =>
        (await Eventually.ReceiveAsync(observer.Events, count)).Select(e => e.Message?.Body).Order();

    private (RecordingObserver Observer, IConversationEventObserver Reference) Observer()
    {
        var observer = new RecordingObserver();
        return (observer, Grains.CreateObjectReference<IConversationEventObserver>(observer));
    }
}
