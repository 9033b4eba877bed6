using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Client;

/// <summary>
/// What every live subscription to an owner's hub (<see cref="Events.ITenantEventsGrain"/>) does, whatever its events: a
/// bounded buffer that drops the oldest, a renewal before the hub's expiry, and an unsubscribe that never hangs a shutdown.
/// The public subscriptions wrap it with their observer.
/// </summary>
/// <typeparam name="TEvent">The events buffered.</typeparam>
internal sealed class HubSubscription<TEvent> : IAsyncDisposable
{
    // Unsubscribing is a courtesy (the hub drops a silent subscriber at expiry): never let it hang a shutdown.
    private static readonly TimeSpan UnsubscribeTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<TEvent> _events;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private HubRegistration? _registration;
    private Task _renewing = Task.CompletedTask;
    private long _dropped;
    private int _renewals;
    private int _disposed;

    public HubSubscription(ResourceOwner owner, int capacity, ILogger logger)
    {
        (Owner, _logger) = (owner, logger);
        _events = Channel.CreateBounded<TEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ResourceOwner Owner { get; }

    /// <summary>Where the observer puts what the hub pushes; <c>TryWrite</c> is false only after disposal.</summary>
    public ChannelWriter<TEvent> Writer => _events.Writer;

    public ChannelReader<TEvent> Events => _events.Reader;

    public long DroppedCount => Interlocked.Read(ref _dropped);

    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>Subscribes through <paramref name="registration"/> and renews every <paramref name="renewalInterval"/>; disposes itself when the first subscribe fails.</summary>
    public async Task StartAsync(HubRegistration registration, TimeSpan renewalInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        _registration = registration;
        try
        {
            await registration.Subscribe().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _renewing = RenewPeriodicallyAsync(renewalInterval, time);
    }

    /// <param name="subscription">The public subscription, named by <see cref="ObjectDisposedException"/> after disposal.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task RenewAsync(object subscription, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, subscription);
        await _registration!.Subscribe().WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _renewals);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        _events.Writer.TryComplete();
        if (_registration is { } registration)
        {
            try
            {
                await registration.Unsubscribe().WaitAsync(UnsubscribeTimeout).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogDebug(ex, "Unsubscribing from the {What} of {Owner} failed; the hub drops the subscription at expiry.", registration.What, Owner);
            }
            try
            {
                registration.Release();
            }
            catch (ObjectDisposedException)
            {
                // The client is gone already, and its observers with it.
            }
        }
        _stopping.Dispose();
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
                    await _registration!.Subscribe().WaitAsync(_stopping.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _renewals);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    // The next tick tries again; the hub's expiry leaves room for several failures in a row.
                    _logger.LogWarning(ex, "Renewing the {What} subscription of {Owner} failed; retrying in {Interval}.", _registration!.What, Owner, interval);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed.
        }
    }
}

/// <summary>How one subscription talks to its hub: subscribe (also renews), unsubscribe, and release its observer reference.</summary>
/// <param name="What">What is subscribed to, for logs (<c>conversation events</c>, <c>campaign events</c>).</param>
/// <param name="Subscribe">Subscribes, or renews.</param>
/// <param name="Unsubscribe">Ends the subscription at the hub.</param>
/// <param name="Release">Deletes the client-side observer reference.</param>
internal sealed record class HubRegistration(string What, Func<Task> Subscribe, Func<Task> Unsubscribe, Action Release);
