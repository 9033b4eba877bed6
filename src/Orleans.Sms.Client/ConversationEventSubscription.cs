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
    // Unsubscribing is a courtesy (the hub drops a silent subscriber at expiry): never let it hang a shutdown.
    private static readonly TimeSpan UnsubscribeTimeout = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly ITenantEventsGrain _hub;
    private readonly Channel<ConversationEvent> _events;
    // Orleans holds client-side observers weakly: this field keeps the sink alive as long as the subscription.
    private readonly EventSink _sink;
    private readonly IConversationEventObserver _reference;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private Task _renewing = Task.CompletedTask;
    private long _dropped;
    private int _renewals;
    private int _disposed;

    private ConversationEventSubscription(IGrainFactory grains, ResourceOwner owner, int capacity, ILogger logger)
    {
        (_grains, Owner, _logger) = (grains, owner, logger);
        _hub = grains.GetGrain<ITenantEventsGrain>(ITenantEventsGrain.KeyFor(owner));
        _events = Channel.CreateBounded<ConversationEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));
        _sink = new EventSink(_events.Writer);
        _reference = grains.CreateObjectReference<IConversationEventObserver>(_sink);
    }

    /// <summary>The tenant whose events this subscription receives.</summary>
    public string TenantId => Owner.TenantId;

    /// <summary>Whose events this subscription receives: the tenant in one environment.</summary>
    public ResourceOwner Owner { get; }

    /// <summary>The buffered events; completed when the subscription is disposed.</summary>
    public ChannelReader<ConversationEvent> Events => _events.Reader;

    /// <summary>Events dropped because the reader fell more than the buffer's capacity behind.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Successful renewals so far (for diagnostics and tests).</summary>
    internal int Renewals => Volatile.Read(ref _renewals);

    /// <summary>The events as they arrive, until the subscription is disposed or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops reading (with <see cref="OperationCanceledException"/>); the subscription stays.</param>
    public IAsyncEnumerable<ConversationEvent> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Renews the subscription now (it also renews itself on a timer), e.g. after the client reconnected.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task RenewAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _hub.SubscribeAsync(_reference).WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _renewals);
    }

    /// <summary>Unsubscribes, stops renewing and completes <see cref="Events"/>. Never throws for an unreachable cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        _events.Writer.TryComplete();
        try
        {
            await _hub.UnsubscribeAsync(_reference).WaitAsync(UnsubscribeTimeout).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Unsubscribing from the events of {Owner} failed; the hub drops the subscription at expiry.", Owner);
        }
        try
        {
            _grains.DeleteObjectReference<IConversationEventObserver>(_reference);
        }
        catch (ObjectDisposedException)
        {
            // The client is gone already, and its observers with it.
        }
        _stopping.Dispose();
    }

    internal static async Task<ConversationEventSubscription> StartAsync(
        IGrainFactory grains, ResourceOwner owner, int capacity, TimeSpan renewalInterval, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken)
    {
        var subscription = new ConversationEventSubscription(grains, owner, capacity, logger);
        try
        {
            await subscription._hub.SubscribeAsync(subscription._reference).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        subscription._renewing = subscription.RenewPeriodicallyAsync(renewalInterval, time);
        return subscription;
    }

    private async Task RenewPeriodicallyAsync(TimeSpan interval, TimeProvider time)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    await _hub.SubscribeAsync(_reference).WaitAsync(_stopping.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _renewals);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    // The next tick tries again; the hub's expiry leaves room for several failures in a row.
                    _logger.LogWarning(ex, "Renewing the event subscription of {Owner} failed; retrying in {Interval}.", Owner, interval);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed.
        }
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
