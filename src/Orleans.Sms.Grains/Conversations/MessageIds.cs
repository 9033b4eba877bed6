namespace Orleans.Sms.Conversations;

/// <summary>The engine's message ids: <c>msg_</c> and 32 hex digits.</summary>
internal static class MessageIds
{
    /// <summary>A new id for an outbound message, time-ordered (the conversation's, a campaign's, an idempotency key's).</summary>
    public static string New() => "msg_" + Guid.CreateVersion7().ToString("N");
}
