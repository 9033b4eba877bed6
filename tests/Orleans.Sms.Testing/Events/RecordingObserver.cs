using System.Threading.Channels;
using Orleans.Sms.Events;

namespace Orleans.Sms.Testing.Events;

/// <summary>A bare conversation event observer subscribed to a hub by hand: it keeps what it hears and never renews.</summary>
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
