using Orleans.Sms.Tenants;

namespace Orleans.Sms.Events;

/// <summary>
/// The live event hub of one tenant in one environment, keyed by <see cref="KeyFor"/>: it fans every published
/// <see cref="ConversationEvent"/> of that owner out to the current subscribers. Environments are walls (CONTRACT §20):
/// a sandbox subscriber never hears of a live conversation. Subscriptions live in memory and lapse after <see cref="TenantEventsPolicy.SubscriptionExpiry"/>
/// unless renewed; nothing is stored or replayed (at-most-once, live only).
/// </summary>
[Alias("sms.ITenantEventsGrain")]
public interface ITenantEventsGrain : IGrainWithStringKey
{
    /// <summary>Subscribes <paramref name="observer"/>, or renews its subscription; renew well within <see cref="TenantEventsPolicy.SubscriptionExpiry"/>.</summary>
    /// <param name="observer">A reference to the subscriber.</param>
    [Alias("SubscribeAsync")]
    Task SubscribeAsync(IConversationEventObserver observer);

    /// <summary>Ends the subscription of <paramref name="observer"/>; a no-op when it is not subscribed.</summary>
    /// <param name="observer">The reference given to <see cref="SubscribeAsync"/>.</param>
    [Alias("UnsubscribeAsync")]
    Task UnsubscribeAsync(IConversationEventObserver observer);

    /// <summary>
    /// Delivers <paramref name="e"/> to the current subscribers. One-way, so that publishing never holds up a conversation;
    /// an event of another owner than the hub's key (another tenant, another environment, or none set) is dropped.
    /// </summary>
    /// <param name="e">The event.</param>
    [Alias("PublishAsync"), OneWay]
    Task PublishAsync(ConversationEvent e);

    /// <summary>The grain key of the hub of <paramref name="owner"/> (the tenant in one environment).</summary>
    public static string KeyFor(ResourceOwner owner) => $"{owner.TenantId}|{owner.Environment}";
}
