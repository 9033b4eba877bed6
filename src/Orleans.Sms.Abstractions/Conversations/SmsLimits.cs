namespace Orleans.Sms.Conversations;

/// <summary>Limits of the SMS channel itself, the same for every way in (HTTP, webhooks, the SDK, templates, agents).</summary>
public static class SmsLimits
{
    /// <summary>
    /// The longest message body, in UTF-16 code units: what Twilio takes in one request (it splits it into segments). Longer
    /// sent bodies are refused (<c>invalid_message</c>); longer agent replies are split into several messages.
    /// </summary>
    public const int MaxBodyLength = 1600;

    /// <summary>The most messages one read of a conversation returns (<c>GET /v1/conversations/{id}?limit=</c>, the SDK).</summary>
    public const int MaxMessagesPerRead = 500;
}
