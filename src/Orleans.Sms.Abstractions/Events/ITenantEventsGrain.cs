using Orleans.Sms.Tenants;

namespace Orleans.Sms.Events;

/// <summary>
/// The live event hub of one tenant in one environment, keyed by <see cref="KeyFor"/>: it fans every published
/// <see cref="ConversationEvent"/> of that owner out to its conversation subscribers, and every <see cref="CampaignEvent"/>
/// to its campaign subscribers (two lists: a subscriber gets only the kind it registered for). Environments are walls
/// (docs/api.md: Boundaries): a sandbox subscriber never hears of a live conversation or campaign. Subscriptions live in memory and
/// lapse after <see cref="TenantEventsPolicy.SubscriptionExpiry"/> unless renewed; nothing is stored or replayed
/// (at-most-once, live only).
/// </summary>
/// <remarks>
/// A client service subscribes and unsubscribes; only the engine publishes (its <c>ITenantEventsEngineGrain</c> in
/// Orleans.Sms.Grains), so a client cannot show other subscribers an event that did not happen.
/// </remarks>
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
    /// Subscribes <paramref name="observer"/> to the campaign progress of the hub's owner, or renews its subscription, on the
    /// same terms as <see cref="SubscribeAsync"/>.
    /// </summary>
    /// <param name="observer">A reference to the subscriber.</param>
    [Alias("SubscribeCampaignsAsync")]
    Task SubscribeCampaignsAsync(ICampaignEventObserver observer);

    /// <summary>Ends the campaign subscription of <paramref name="observer"/>; a no-op when it is not subscribed.</summary>
    /// <param name="observer">The reference given to <see cref="SubscribeCampaignsAsync"/>.</param>
    [Alias("UnsubscribeCampaignsAsync")]
    Task UnsubscribeCampaignsAsync(ICampaignEventObserver observer);

    /// <summary>The grain key of the hub of <paramref name="owner"/> (the tenant in one environment).</summary>
    public static string KeyFor(ResourceOwner owner) => $"{owner.TenantId}|{owner.Environment}";
}
