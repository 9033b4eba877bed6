using Microsoft.Extensions.Logging;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Events;

/// <summary>How the engine's grains publish <see cref="ConversationEvent"/>s to the live subscribers of the conversation's owner.</summary>
public static class ConversationEvents
{
    /// <summary>
    /// Publishes <paramref name="e"/> to the hub of <paramref name="owner"/> (<see cref="ITenantEventsGrain"/>), stamped
    /// with the owner's environment, as a one-way call:
    /// it never waits for the hub or a subscriber and never fails the caller (a failure to hand the event over is
    /// logged and the event is lost, which the live-only delivery guarantee allows).
    /// </summary>
    /// <param name="grains">The grain factory (a grain's <c>GrainFactory</c>).</param>
    /// <param name="owner">The conversation's owner: its tenant (the event's) in its environment; picks the hub.</param>
    /// <param name="e">The event.</param>
    /// <param name="logger">Where a failed hand-over is reported; none when null.</param>
    /// <returns>A task that is complete once the event is handed to the messaging layer.</returns>
    public static async Task PublishAsync(IGrainFactory grains, ResourceOwner owner, ConversationEvent e, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(e);
        try
        {
            await grains.Reference<ITenantEventsEngineGrain>(ITenantEventsGrain.KeyFor(owner)).PublishAsync(e.For(owner));
        }
        catch (Exception ex)
        {
            // Events are notifications: losing one must not undo or fail the conversation change it reports.
            logger?.LogWarning(ex, "Could not publish the {Kind} event of conversation {ConversationId}.", e.Kind, e.ConversationId);
        }
    }
}
