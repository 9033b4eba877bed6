namespace Orleans.Sms.Events;

/// <summary>
/// The event hub's calls that only the engine makes: publishing. Client services see <see cref="ITenantEventsGrain"/>,
/// which subscribes and unsubscribes only.
/// </summary>
[Alias("sms.ITenantEventsEngineGrain")]
public interface ITenantEventsEngineGrain : ITenantEventsGrain
{
    /// <summary>
    /// Delivers <paramref name="e"/> to the current conversation subscribers. One-way, so that publishing never holds up a
    /// conversation; an event of another owner than the hub's key (another tenant, another environment, or none set) is dropped.
    /// </summary>
    /// <param name="e">The event.</param>
    [Alias("PublishAsync"), OneWay]
    Task PublishAsync(ConversationEvent e);

    /// <summary>
    /// Delivers <paramref name="e"/> to the current campaign subscribers. One-way, so that publishing never holds up a
    /// campaign's step; an event of another owner than the hub's key is dropped.
    /// </summary>
    /// <param name="e">The event.</param>
    [Alias("PublishCampaignAsync"), OneWay]
    Task PublishCampaignAsync(CampaignEvent e);
}
