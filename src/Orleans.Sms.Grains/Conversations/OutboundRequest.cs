namespace Orleans.Sms.Conversations;

/// <summary>A business-initiated message that starts a new session (docs/api.md: Sending).</summary>
/// <param name="Route">Tenant, use case and environment the send runs under.</param>
/// <param name="AgentNumber">Sender, E.164 (already chosen from the pool).</param>
/// <param name="CustomerNumber">Recipient, E.164.</param>
/// <param name="Message">Opening text; it acts as the session's greeting. Null: the use case's agent writes it.</param>
/// <param name="ContextJson">Caller-supplied context (a JSON object), merged into the conversation's context for the agent.</param>
/// <param name="Campaign">Set for a campaign's message: the send is idempotent by its message id.</param>
/// <param name="MessageId">
/// Set by a caller that chose the message id before it asked (a send with an <c>Idempotency-Key</c>): the send is
/// idempotent by it, as a campaign's is.
/// </param>
/// <param name="Clearance">What the caller read when it chose the sender: the conversation checks the send on it.</param>
[GenerateSerializer, Immutable, Alias("sms.OutboundRequest")]
public sealed record class OutboundRequest(
    [property: Id(0)] ConversationRoute Route,
    [property: Id(1)] string AgentNumber,
    [property: Id(2)] string CustomerNumber,
    [property: Id(3)] string? Message,
    [property: Id(4)] string? ContextJson = null,
    [property: Id(5)] CampaignSend? Campaign = null,
    [property: Id(6)] string? MessageId = null,
    [property: Id(7)] SendClearance? Clearance = null)
{
    /// <summary>
    /// The message id the caller chose, if any: asked again with it (after a crash or a lost answer), the conversation
    /// answers with what came of the first ask and sends nothing.
    /// </summary>
    public string? ChosenMessageId => Campaign?.MessageId ?? MessageId;
}

/// <summary>
/// A campaign's message to one recipient. The campaign makes the message id before it asks, and asks again with the same
/// id after a crash: the conversation sends a message id once, and answers a repeat with what came of the first.
/// </summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="MessageId">The message id the campaign recorded for this recipient.</param>
[GenerateSerializer, Immutable, Alias("sms.CampaignSend")]
public sealed record class CampaignSend(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string MessageId);
