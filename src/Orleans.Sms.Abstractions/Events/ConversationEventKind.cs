namespace Orleans.Sms.Events;

/// <summary>What happened in a conversation.</summary>
[GenerateSerializer]
public enum ConversationEventKind
{
    /// <summary>A message (inbound, outbound, agent or system) joined the transcript; see <see cref="ConversationEvent.Message"/>.</summary>
    MessageAdded,
    /// <summary>The conversation's business status changed; see <see cref="ConversationEvent.Status"/>.</summary>
    StatusChanged,
    /// <summary>The current session ended; see <see cref="ConversationEvent.EndReason"/>.</summary>
    SessionEnded,
}
