namespace Orleans.Sms.Events;

/// <summary>The terms of a subscription to <see cref="ITenantEventsGrain"/>, shared by the hub and its subscribers.</summary>
public static class TenantEventsPolicy
{
    /// <summary>
    /// A subscription not renewed for this long is dropped by the hub, so that subscribers that vanished without
    /// unsubscribing (a crashed client) stop costing anything.
    /// </summary>
    public static readonly TimeSpan SubscriptionExpiry = TimeSpan.FromMinutes(5);

    /// <summary>How often a subscriber should renew: a fifth of the expiry, so that several renewals may fail in a row.</summary>
    public static readonly TimeSpan RenewalInterval = TimeSpan.FromMinutes(1);
}
