namespace Orleans.Sms.Conversations;

/// <summary>One message of a conversation transcript (CONTRACT §7).</summary>
/// <param name="MessageId">The engine's id.</param>
/// <param name="SessionId">The session the message belongs to.</param>
/// <param name="Direction">Inbound or outbound.</param>
/// <param name="Role">Who wrote it.</param>
/// <param name="Source">Which path produced it.</param>
/// <param name="Body">Text.</param>
/// <param name="Timestamp">When the engine recorded it.</param>
/// <param name="Segments">Number of SMS segments on the air.</param>
/// <param name="Encoding">GSM-7 or UCS-2.</param>
/// <param name="ProviderMessageSid">The provider's id, once known.</param>
/// <param name="DeliveryStatus">Carrier status.</param>
/// <param name="ErrorCode">Provider error code of a failed delivery.</param>
/// <param name="Media">Media URLs.</param>
[GenerateSerializer, Immutable, Alias("sms.SmsMessage")]
public sealed record class SmsMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] MessageDirection Direction,
    [property: Id(3)] MessageRole Role,
    [property: Id(4)] MessageSource Source,
    [property: Id(5)] string Body,
    [property: Id(6)] DateTimeOffset Timestamp,
    [property: Id(7)] int Segments,
    [property: Id(8)] SmsEncoding Encoding,
    [property: Id(9)] string? ProviderMessageSid,
    [property: Id(10)] DeliveryStatus DeliveryStatus,
    [property: Id(11)] string? ErrorCode,
    [property: Id(12)] IReadOnlyList<string> Media);
