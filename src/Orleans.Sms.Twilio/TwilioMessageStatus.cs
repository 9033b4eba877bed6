using Orleans.Sms.Conversations;

namespace Orleans.Sms.Twilio;

/// <summary>Twilio's message statuses (REST answers and the <c>MessageStatus</c> of status callbacks).</summary>
public static class TwilioMessageStatus
{
    /// <summary>
    /// Maps a Twilio status to the engine's: queued, accepted, sending, sent, delivered, undelivered, failed, read;
    /// anything else (scheduled, receiving, an unknown future value) counts as <see cref="DeliveryStatus.Queued"/>.
    /// </summary>
    public static DeliveryStatus ToDeliveryStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "queued" => DeliveryStatus.Queued,
        "accepted" => DeliveryStatus.Accepted,
        "sending" => DeliveryStatus.Sending,
        "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "undelivered" => DeliveryStatus.Undelivered,
        "failed" => DeliveryStatus.Failed,
        "read" => DeliveryStatus.Read,
        _ => DeliveryStatus.Queued,
    };
}
