using System.Threading.Channels;
using Orleans.Sms.Conversations;
using Orleans.Sms.Events;

namespace Orleans.Sms.Client.Tests.Infrastructure;

/// <summary>Events as the conversation grain publishes them, for driving the hub directly.</summary>
public static class SampleEvents
{
    public static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    public static ConversationEvent Message(string tenantId, string body, string conversationId = "conv_0123456789abcdef0123456789abcdef") =>
        ConversationEvent.MessageAdded(tenantId, conversationId, new SmsMessage(
            $"msg_{Guid.NewGuid():N}", "ses_1", MessageDirection.Inbound, MessageRole.User, MessageSource.Inbound,
            body, At, 1, SmsEncoding.Gsm7, "SM1", DeliveryStatus.Received, null, []));

    public static Task PublishAsync(IGrainFactory grains, ConversationEvent e) =>
        grains.GetGrain<ITenantEventsGrain>(e.TenantId).PublishAsync(e);
}

/// <summary>A bare observer subscribed to a hub by hand: it never renews, which the expiry tests need.</summary>
public sealed class RecordingObserver : IConversationEventObserver
{
    private readonly Channel<ConversationEvent> _events = Channel.CreateUnbounded<ConversationEvent>();

    public ChannelReader<ConversationEvent> Events => _events.Reader;

    public Task OnEventAsync(ConversationEvent e)
    {
        _events.Writer.TryWrite(e);
        return Task.CompletedTask;
    }
}
