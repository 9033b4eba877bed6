namespace Orleans.Sms.Campaigns;

/// <summary>
/// One recipient of a campaign as stored: its place in the campaign (<see cref="Seq"/>, the order it was added in), its
/// number (at most once per campaign) and what became of it. <see cref="Resends"/> counts the times its message was sent
/// again after the provider dropped it (<see cref="OverflowResend"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.CampaignRecipient")]
public sealed record class CampaignRecipient(
    [property: Id(0)] long Seq,
    [property: Id(1)] string PhoneNumber,
    [property: Id(2)] string? ContactId,
    [property: Id(3)] RecipientStatus Status,
    [property: Id(4)] string? MessageId = null,
    [property: Id(5)] string? ConversationId = null,
    [property: Id(6)] string? From = null,
    [property: Id(7)] string? Body = null,
    [property: Id(8)] string? ErrorCode = null,
    [property: Id(9)] DateTimeOffset? SentAt = null,
    [property: Id(10)] bool Replied = false,
    [property: Id(11)] bool OptedOut = false,
    [property: Id(12)] DateTimeOffset? HeldUntil = null,
    [property: Id(13)] int Resends = 0)
{
    public CampaignRecipientView ToView() =>
        new(ContactId, PhoneNumber, Status, MessageId, ConversationId, From, Body, ErrorCode, SentAt, Replied);
}
