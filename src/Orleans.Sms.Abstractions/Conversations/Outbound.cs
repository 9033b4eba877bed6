using System.Text.Json.Serialization;

namespace Orleans.Sms.Conversations;

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
