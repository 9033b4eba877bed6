namespace Orleans.Sms.Events;

/// <summary>
/// Receives the conversation events of one tenant: implemented by a subscriber (usually a client-side object
/// registered with <see cref="IGrainFactory.CreateObjectReference{TGrainObserverInterface}(IGrainObserver)"/>).
/// </summary>
[Alias("sms.IConversationEventObserver")]
public interface IConversationEventObserver : IGrainObserver
{
    /// <summary>One event. One-way: the publisher never waits for a subscriber, and a slow or gone one is simply missed.</summary>
    /// <param name="e">The event.</param>
    [Alias("OnEventAsync"), OneWay]
    Task OnEventAsync(ConversationEvent e);
}
