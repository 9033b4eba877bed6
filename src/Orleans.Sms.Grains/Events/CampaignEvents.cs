using Microsoft.Extensions.Logging;

namespace Orleans.Sms.Events;

/// <summary>How a campaign publishes its <see cref="CampaignEvent"/>s to the live subscribers of its owner.</summary>
public static class CampaignEvents
{
    /// <summary>
    /// Publishes <paramref name="e"/> to the hub of its owner (<see cref="ITenantEventsGrain"/>) as a one-way call: it never
    /// waits for the hub or a subscriber and never fails the caller (a failure to hand the event over is logged and the
    /// event is lost, which the live-only delivery guarantee allows).
    /// </summary>
    /// <param name="grains">The grain factory (a grain's <c>GrainFactory</c>).</param>
    /// <param name="e">The event; its tenant and environment pick the hub.</param>
    /// <param name="logger">Where a failed hand-over is reported; none when null.</param>
    /// <returns>A task that is complete once the event is handed to the messaging layer.</returns>
    public static async Task PublishAsync(IGrainFactory grains, CampaignEvent e, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(e);
        try
        {
            await grains.Reference<ITenantEventsEngineGrain>(ITenantEventsGrain.KeyFor(e.Owner)).PublishCampaignAsync(e);
        }
        catch (Exception ex)
        {
            // Events are notifications: losing one must not fail the campaign's step or request.
            logger?.LogWarning(ex, "Could not publish the progress of campaign {CampaignId}.", e.CampaignId);
        }
    }
}
