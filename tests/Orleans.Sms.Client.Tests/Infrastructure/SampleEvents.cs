using Orleans.Sms.Conversations;
using Orleans.Sms.Events;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Client.Tests.Infrastructure;

/// <summary>Events as the conversation grain publishes them, for driving the hub directly.</summary>
public static class SampleEvents
{
    public static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    /// <summary>A message event of a conversation of <paramref name="tenantId"/> in <paramref name="environment"/>, stamped as the grain stamps it.</summary>
    public static ConversationEvent Message(
        string tenantId, string body, string conversationId = "conv_0123456789abcdef0123456789abcdef", string environment = "live") =>
        ConversationEvent.MessageAdded(tenantId, conversationId, new SmsMessage(
            $"msg_{Guid.NewGuid():N}", "ses_1", MessageDirection.Inbound, MessageRole.User, MessageSource.Inbound,
            body, At, 1, SmsEncoding.Gsm7, "SM1", DeliveryStatus.Received, null, [])).For(new ResourceOwner(tenantId, environment));

    /// <summary>The hub of <paramref name="tenantId"/>'s <paramref name="environment"/>.</summary>
    public static ITenantEventsEngineGrain Hub(IGrainFactory grains, string tenantId, string environment = "live") =>
        grains.GetGrain<ITenantEventsEngineGrain>(ITenantEventsGrain.KeyFor(new ResourceOwner(tenantId, environment)));

    /// <summary>Publishes <paramref name="e"/> to the hub of its owner (it must carry its environment).</summary>
    public static Task PublishAsync(IGrainFactory grains, ConversationEvent e) =>
        grains.GetGrain<ITenantEventsEngineGrain>(ITenantEventsGrain.KeyFor(e.Owner ?? throw new ArgumentException("The event has no environment.")))
            .PublishAsync(e);
}
