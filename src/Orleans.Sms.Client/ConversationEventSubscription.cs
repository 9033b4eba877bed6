using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Sms.Events;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Client;

/// <summary>
/// A live subscription to the conversation events of one tenant in one environment (its <see cref="Owner"/>): a
/// client-side grain observer registered with that owner's hub (<see cref="ITenantEventsGrain"/>), renewed before the
/// hub's expiry, feeding a bounded buffer. Environments are walls: it never receives another environment's events.
/// Dispose it to unsubscribe.
/// </summary>
/// <remarks>
/// Delivery is at-most-once and live only: nothing is stored or replayed. Events are missed while this process
/// is disconnected, while the hub has lost its subscribers (a silo failure, until the next renewal), and when the
/// reader falls more than the buffer's capacity behind (the oldest are dropped; see <see cref="DroppedCount"/>).
/// Order is not guaranteed either: one-way calls can overtake each other (a client holds connections to several
/// gateways), so order by <see cref="ConversationEvent.At"/> where it matters. The conversation itself is the source of truth.
/// </remarks>
public sealed class ConversationEventSubscription : IAsyncDisposable
{
    private readonly HubSubscription<ConversationEvent> _subscription;
    // Orleans holds client-side observers weakly: this field keeps the sink alive as long as the subscription.
    private readonly EventSink _sink;

    private ConversationEventSubscription(ResourceOwner owner, int capacity, ILogger logger)
    {
        _subscription = new HubSubscription<ConversationEvent>(owner, capacity, logger);
        _sink = new EventSink(_subscription.Writer);
    }

    /// <summary>The tenant whose events this subscription receives.</summary>
    public string TenantId => Owner.TenantId;

    /// <summary>Whose events this subscription receives: the tenant in one environment.</summary>
    public ResourceOwner Owner => _subscription.Owner;

    /// <summary>The buffered events; completed when the subscription is disposed.</summary>
    public ChannelReader<ConversationEvent> Events => _subscription.Events;

    /// <summary>Events dropped because the reader fell more than the buffer's capacity behind.</summary>
    public long DroppedCount => _subscription.DroppedCount;

    /// <summary>Successful renewals so far (for diagnostics and tests).</summary>
    internal int Renewals => _subscription.Renewals;

    /// <summary>The events as they arrive, until the subscription is disposed or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops reading (with <see cref="OperationCanceledException"/>); the subscription stays.</param>
    public IAsyncEnumerable<ConversationEvent> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _subscription.Events.ReadAllAsync(cancellationToken);

    /// <summary>Renews the subscription now (it also renews itself on a timer), e.g. after the client reconnected.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task RenewAsync(CancellationToken cancellationToken = default) => _subscription.RenewAsync(this, cancellationToken);

    /// <summary>Unsubscribes, stops renewing and completes <see cref="Events"/>. Never throws for an unreachable cluster.</summary>
    public ValueTask DisposeAsync() => _subscription.DisposeAsync();

    internal static async Task<ConversationEventSubscription> StartAsync(
        IGrainFactory grains, ResourceOwner owner, int capacity, TimeSpan renewalInterval, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken)
    {
        var subscription = new ConversationEventSubscription(owner, capacity, logger);
        var hub = grains.GetGrain<ITenantEventsGrain>(ITenantEventsGrain.KeyFor(owner));
        var reference = grains.CreateObjectReference<IConversationEventObserver>(subscription._sink);
        await subscription._subscription.StartAsync(
            new HubRegistration(
                "conversation events",
                () => hub.SubscribeAsync(reference),
                () => hub.UnsubscribeAsync(reference),
                () => grains.DeleteObjectReference<IConversationEventObserver>(reference)),
            renewalInterval, time, cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    /// <summary>The client-side observer: it only buffers, so the hub's one-way calls never wait on the reader.</summary>
    private sealed class EventSink(ChannelWriter<ConversationEvent> writer) : IConversationEventObserver
    {
        public Task OnEventAsync(ConversationEvent e)
        {
            writer.TryWrite(e); // false only after disposal: late events are dropped, as live-only delivery allows
            return Task.CompletedTask;
        }
    }
}
