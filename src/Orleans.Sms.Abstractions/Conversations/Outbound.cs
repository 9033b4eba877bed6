using System.Text.Json.Serialization;

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
[GenerateSerializer, Immutable, Alias("sms.OutboundRequest")]
public sealed record class OutboundRequest(
    [property: Id(0)] ConversationRoute Route,
    [property: Id(1)] string AgentNumber,
    [property: Id(2)] string CustomerNumber,
    [property: Id(3)] string? Message,
    [property: Id(4)] string? ContextJson = null,
    [property: Id(5)] CampaignSend? Campaign = null,
    [property: Id(6)] string? MessageId = null)
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

/// <summary>What an outbound send produced (the body of <c>201</c> from <c>POST /v1/outbound-sms</c>).</summary>
/// <param name="ConversationId">Conversation of the pair.</param>
/// <param name="SessionId">The session the message belongs to.</param>
/// <param name="MessageId">The engine's id of the message.</param>
/// <param name="From">Agent number.</param>
/// <param name="To">Customer number.</param>
/// <param name="Status">Delivery status at the time of the answer.</param>
/// <param name="Segments">SMS segments.</param>
/// <param name="Encoding">GSM-7 or UCS-2.</param>
/// <param name="ErrorCode">Why the provider refused it, when <paramref name="Status"/> is failed.</param>
[GenerateSerializer, Immutable, Alias("sms.OutboundOutcome")]
public sealed record class OutboundOutcome(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string MessageId,
    [property: Id(3)] string From,
    [property: Id(4)] string To,
    [property: Id(5)] DeliveryStatus Status,
    [property: Id(6)] int Segments,
    [property: Id(7)] SmsEncoding Encoding,
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode = null);

/// <summary>What a whole-message keyword in an inbound message asks for (docs/api.md: Twilio webhooks).</summary>
[GenerateSerializer]
public enum InboundKeyword
{
    /// <summary>An ordinary message.</summary>
    None,
    /// <summary>STOP and friends: opt out, no agent turn.</summary>
    OptOut,
    /// <summary>START, YES, UNSTOP: opted in again.</summary>
    OptIn,
    /// <summary>HELP, INFO: the use case's help text.</summary>
    Help,
}
