namespace Orleans.Sms.Conversations;

/// <summary>An inbound SMS as the provider delivered it (validated webhook or simulator).</summary>
/// <param name="ProviderMessageId">The provider's id (Twilio <c>MessageSid</c>); repeats are acknowledged and ignored.</param>
/// <param name="From">Customer number, E.164.</param>
/// <param name="To">Agent number, E.164.</param>
/// <param name="Body">Message text.</param>
/// <param name="Media">Media URLs (MMS), in order.</param>
/// <param name="MediaContentTypes">The content type of each media URL, in the same order.</param>
[GenerateSerializer, Immutable, Alias("sms.InboundSms")]
public sealed record class InboundSms(
    [property: Id(0)] string ProviderMessageId,
    [property: Id(1)] string From,
    [property: Id(2)] string To,
    [property: Id(3)] string Body,
    [property: Id(4)] IReadOnlyList<string> Media,
    [property: Id(5)] IReadOnlyList<string>? MediaContentTypes = null);

/// <summary>Where an inbound message was routed: the tenant and sms use case that hold the agent number.</summary>
/// <param name="TenantId">Owner of the agent number.</param>
/// <param name="UseCaseId">The sms use case whose pool holds the number.</param>
/// <param name="Environment">The environment of the number (<c>dev</c>, <c>sandbox</c>, <c>live</c>).</param>
[GenerateSerializer, Immutable, Alias("sms.ConversationRoute")]
public sealed record class ConversationRoute(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string UseCaseId,
    [property: Id(2)] string Environment);

/// <summary>What became of an inbound message.</summary>
/// <param name="ConversationId">The conversation it belongs to.</param>
/// <param name="SessionId">The session it joined or started.</param>
/// <param name="MessageId">The engine's id of the message (the original one for a duplicate).</param>
/// <param name="Duplicate">True when the provider id was seen before: nothing was recorded.</param>
[GenerateSerializer, Immutable, Alias("sms.ReceiveOutcome")]
public sealed record class ReceiveOutcome(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string MessageId,
    [property: Id(3)] bool Duplicate);
