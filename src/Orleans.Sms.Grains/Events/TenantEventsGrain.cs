using Microsoft.Extensions.Logging;
using Orleans.Sms.Tenants;
using Orleans.Utilities;

namespace Orleans.Sms.Events;

/// <summary>
/// The live event hub of one tenant in one environment. Subscribers are held in memory only: after a deactivation or a silo loss the
/// hub starts empty and subscribers come back with their next renewal. Events are never stored or replayed. Conversation and
/// campaign subscribers are kept apart, so each receives only the events it subscribed to.
/// </summary>
internal sealed class TenantEventsGrain : Grain, ITenantEventsEngineGrain
{
    private readonly ObserverManager<IConversationEventObserver> _subscribers;
    private readonly ObserverManager<ICampaignEventObserver> _campaignSubscribers;
    private readonly ILogger<TenantEventsGrain> _logger;

    public TenantEventsGrain([FromKeyedServices(SmsClock.Key)] TimeProvider clock, ILogger<TenantEventsGrain> logger)
    {
        _logger = logger;
        // Expiry follows the engine's clock, so tests can let subscriptions lapse without waiting.
        _subscribers = new ObserverManager<IConversationEventObserver>(TenantEventsPolicy.SubscriptionExpiry, logger)
        {
            GetDateTime = () => clock.GetUtcNow().UtcDateTime,
        };
        _campaignSubscribers = new ObserverManager<ICampaignEventObserver>(TenantEventsPolicy.SubscriptionExpiry, logger)
        {
            GetDateTime = () => clock.GetUtcNow().UtcDateTime,
        };
    }

    private string Key => this.GetPrimaryKeyString();

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
        if (!IsMine(e.Owner))
        {
            _logger.LogWarning("Dropped a {Kind} event of {Owner} published to the hub of {Hub}.", e.Kind, e.Owner?.ToString() ?? e.TenantId, Key);
            return Task.CompletedTask;
        }
        // OnEventAsync is one-way: each call returns at once, so a slow subscriber never delays the others.
        // Expired subscriptions are dropped here, lazily.
        return _subscribers.Notify(subscriber => subscriber.OnEventAsync(e));
    }

    public Task SubscribeCampaignsAsync(ICampaignEventObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _campaignSubscribers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeCampaignsAsync(ICampaignEventObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _campaignSubscribers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task PublishCampaignAsync(CampaignEvent e)
    {
        if (!IsMine(e.Environment is null ? null : e.Owner))
        {
            _logger.LogWarning("Dropped a campaign event of {Owner} published to the hub of {Hub}.", e.Environment is null ? e.TenantId : e.Owner, Key);
            return Task.CompletedTask;
        }
        return _campaignSubscribers.Notify(subscriber => subscriber.OnCampaignEventAsync(e));
    }

    /// <summary>
    /// Never let one owner's events reach another's subscribers (another tenant, or the same tenant's other environment),
    /// whoever misaddressed them; an event without an owner reaches nobody.
    /// </summary>
    private bool IsMine(ResourceOwner? owner) =>
        owner is not null && string.Equals(ITenantEventsGrain.KeyFor(owner), Key, StringComparison.Ordinal);
}
