namespace Orleans.Sms.Events;

/// <summary>
/// The live event hub of one tenant, keyed by tenant id: it fans every published <see cref="ConversationEvent"/>
/// out to the current subscribers. Subscriptions live in memory and lapse after <see cref="TenantEventsPolicy.SubscriptionExpiry"/>
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
    /// an event of another tenant than the hub's key is dropped.
    /// </summary>
    /// <param name="e">The event.</param>
    [Alias("PublishAsync"), OneWay]
    Task PublishAsync(ConversationEvent e);
}
