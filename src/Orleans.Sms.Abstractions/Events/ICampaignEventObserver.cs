namespace Orleans.Sms.Events;

/// <summary>
/// Receives the campaign progress of one tenant in one environment: implemented by a subscriber (usually a client-side
/// object registered with <see cref="IGrainFactory.CreateObjectReference{TGrainObserverInterface}(IGrainObserver)"/>) and
/// registered with <see cref="ITenantEventsGrain.SubscribeCampaignsAsync"/>. Separate from <see cref="IConversationEventObserver"/>
/// so that a conversation subscriber never receives a type it does not expect; one object may implement both.
/// </summary>
[Alias("sms.ICampaignEventObserver")]
public interface ICampaignEventObserver : IGrainObserver
{
    /// <summary>One event. One-way: the publisher never waits for a subscriber, and a slow or gone one is simply missed.</summary>
    /// <param name="e">The event.</param>
    [Alias("OnCampaignEventAsync"), OneWay]
    Task OnCampaignEventAsync(CampaignEvent e);
}
