namespace Orleans.Sms.Conversations;

/// <summary>One message of a conversation transcript (docs/api.md: Conversations).</summary>
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
/// <param name="MediaContentTypes">The content type of each media URL, in the same order.</param>
/// <param name="CampaignId">The campaign that sent it, for <see cref="MessageSource.Campaign"/> messages.</param>
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
    [property: Id(12)] IReadOnlyList<string> Media,
    [property: Id(13)] IReadOnlyList<string>? MediaContentTypes = null,
    [property: Id(14)] string? CampaignId = null);

/// <summary>The order delivery statuses move in: a late callback never moves a message backwards.</summary>
public static class DeliveryProgress
{
    /// <summary>Higher is further along; the three outcomes of a carrier hand-off share a rank below delivered.</summary>
    public static int Rank(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Received => 0,
        DeliveryStatus.Accepted => 1,
        DeliveryStatus.Queued => 2,
        DeliveryStatus.Sending => 3,
        DeliveryStatus.Sent => 4,
        DeliveryStatus.Undelivered or DeliveryStatus.Failed => 5,
        DeliveryStatus.Delivered => 6,
        DeliveryStatus.Read => 7,
        _ => 0,
    };
}

/// <summary>A delivery report from the provider (a Twilio status callback).</summary>
/// <param name="MessageId">The engine's id, when the callback carries it (the <c>mid</c> query of the callback URL).</param>
/// <param name="ProviderMessageSid">The provider's id.</param>
/// <param name="Status">The reported status.</param>
/// <param name="ErrorCode">The provider's error code, if any.</param>
[GenerateSerializer, Immutable, Alias("sms.DeliveryReport")]
public sealed record class DeliveryReport(
    [property: Id(0)] string? MessageId,
    [property: Id(1)] string ProviderMessageSid,
    [property: Id(2)] DeliveryStatus Status,
    [property: Id(3)] string? ErrorCode);
