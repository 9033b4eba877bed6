using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Orleans.Sms.Events;

/// <summary>
/// The live event hub of one tenant. Subscribers are held in memory only: after a deactivation or a silo loss the
/// hub starts empty and subscribers come back with their next renewal. Events are never stored or replayed.
/// </summary>
internal sealed class TenantEventsGrain : Grain, ITenantEventsGrain
{
    private readonly ObserverManager<IConversationEventObserver> _subscribers;
    private readonly ILogger<TenantEventsGrain> _logger;

    public TenantEventsGrain([FromKeyedServices(SmsClock.Key)] TimeProvider clock, ILogger<TenantEventsGrain> logger)
    {
        _logger = logger;
        // Expiry follows the engine's clock, so tests can let subscriptions lapse without waiting.
        _subscribers = new ObserverManager<IConversationEventObserver>(TenantEventsPolicy.SubscriptionExpiry, logger)
        {
            GetDateTime = () => clock.GetUtcNow().UtcDateTime,
        };
    }

    private string TenantId => this.GetPrimaryKeyString();

    public Task SubscribeAsync(IConversationEventObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _subscribers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IConversationEventObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _subscribers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task PublishAsync(ConversationEvent e)
    {
        if (!string.Equals(e.TenantId, TenantId, StringComparison.Ordinal))
        {
            // Never let one tenant's events reach another tenant's subscribers, whoever misaddressed them.
            _logger.LogWarning("Dropped a {Kind} event of tenant {EventTenant} published to the hub of {Tenant}.", e.Kind, e.TenantId, TenantId);
            return Task.CompletedTask;
        }
        // OnEventAsync is one-way: each call returns at once, so a slow subscriber never delays the others.
        // Expired subscriptions are dropped here, lazily.
        return _subscribers.Notify(subscriber => subscriber.OnEventAsync(e));
    }
}
