using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Sms.Events;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Client;

/// <summary>
/// A live subscription to the campaign progress of one tenant in one environment (its <see cref="Owner"/>): a client-side
/// grain observer registered with that owner's hub (<see cref="ITenantEventsGrain.SubscribeCampaignsAsync"/>), renewed
/// before the hub's expiry, feeding a bounded buffer. Environments are walls: it never receives another environment's
/// campaigns. Dispose it to unsubscribe.
/// </summary>
/// <remarks>
/// A campaign publishes an event when its status or pause reason changes, and when its counts moved (coalesced, a few
/// events a second at most), each carrying the whole state: status, pause reason and all the counts. Delivery is
/// at-most-once and live only, as for <see cref="ConversationEventSubscription"/>: events are missed while this process is
/// disconnected, while the hub has lost its subscribers (a silo failure, until the next renewal), and when the reader
/// falls more than the buffer's capacity behind (see <see cref="DroppedCount"/>); they may arrive out of order (order
/// by <see cref="CampaignEvent.At"/>). The campaign itself, <c>GET /v1/campaigns/{id}</c>, is the source of truth.
/// </remarks>
public sealed class CampaignEventSubscription : IAsyncDisposable
{
    private readonly HubSubscription<CampaignEvent> _subscription;
    // Orleans holds client-side observers weakly: this field keeps the sink alive as long as the subscription.
    private readonly EventSink _sink;

    private CampaignEventSubscription(ResourceOwner owner, int capacity, ILogger logger)
    {
        _subscription = new HubSubscription<CampaignEvent>(owner, capacity, logger);
        _sink = new EventSink(_subscription.Writer);
    }

    /// <summary>Whose campaigns this subscription hears of: the tenant in one environment.</summary>
    public ResourceOwner Owner => _subscription.Owner;

    /// <summary>The buffered events; completed when the subscription is disposed.</summary>
    public ChannelReader<CampaignEvent> Events => _subscription.Events;

    /// <summary>Events dropped because the reader fell more than the buffer's capacity behind.</summary>
    public long DroppedCount => _subscription.DroppedCount;

    /// <summary>Successful renewals so far (for diagnostics and tests).</summary>
    internal int Renewals => _subscription.Renewals;

    /// <summary>The events as they arrive, until the subscription is disposed or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops reading (with <see cref="OperationCanceledException"/>); the subscription stays.</param>
    public IAsyncEnumerable<CampaignEvent> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _subscription.Events.ReadAllAsync(cancellationToken);

    /// <summary>Renews the subscription now (it also renews itself on a timer), e.g. after the client reconnected.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task RenewAsync(CancellationToken cancellationToken = default) => _subscription.RenewAsync(this, cancellationToken);

    /// <summary>Unsubscribes, stops renewing and completes <see cref="Events"/>. Never throws for an unreachable cluster.</summary>
    public ValueTask DisposeAsync() => _subscription.DisposeAsync();

    internal static async Task<CampaignEventSubscription> StartAsync(
        IGrainFactory grains, ResourceOwner owner, int capacity, TimeSpan renewalInterval, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken)
    {
        var subscription = new CampaignEventSubscription(owner, capacity, logger);
        var hub = grains.GetGrain<ITenantEventsGrain>(ITenantEventsGrain.KeyFor(owner));
        var reference = grains.CreateObjectReference<ICampaignEventObserver>(subscription._sink);
        await subscription._subscription.StartAsync(
            new HubRegistration(
                "campaign events",
                () => hub.SubscribeCampaignsAsync(reference),
                () => hub.UnsubscribeCampaignsAsync(reference),
                () => grains.DeleteObjectReference<ICampaignEventObserver>(reference)),
            renewalInterval, time, cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    /// <summary>The client-side observer: it only buffers, so the hub's one-way calls never wait on the reader.</summary>
    private sealed class EventSink(ChannelWriter<CampaignEvent> writer) : ICampaignEventObserver
    {
        public Task OnCampaignEventAsync(CampaignEvent e)
        {
            writer.TryWrite(e); // false only after disposal: late events are dropped, as live-only delivery allows
            return Task.CompletedTask;
        }
    }
}
