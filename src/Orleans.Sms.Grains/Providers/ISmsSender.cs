using Orleans.Sms.Conversations;
using Orleans.Sms.Messaging;

namespace Orleans.Sms.Providers;

/// <summary>The carrier side: hands a recorded outbound message to the provider (Simulator or Twilio).</summary>
public interface ISmsSender
{
    /// <summary>Sends <paramref name="sms"/>; <see cref="OutboundSms.MessageId"/> is the idempotency key.</summary>
    Task<SendReceipt> SendAsync(OutboundSms sms, CancellationToken cancellationToken);

    /// <summary>
    /// The messages the provider took from <see cref="OutboundSms.From"/> to <see cref="OutboundSms.To"/> with the body of
    /// <paramref name="sms"/> since <paramref name="since"/> (Twilio: the account's messages to that number, matched by
    /// sender and body): how the engine learns whether a send whose answer was lost was taken. Empty: not taken.
    /// Throws <see cref="ProviderException"/> when the provider cannot tell.
    /// </summary>
    Task<IReadOnlyList<SendReceipt>> FindAsync(OutboundSms sms, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>A message to hand to the provider.</summary>
public sealed record class OutboundSms(string TenantId, string MessageId, string From, string To, string Body, SegmentCount Count);

/// <summary>The provider's answer: its id for the message and the status it reported.</summary>
public sealed record class SendReceipt(string ProviderMessageSid, DeliveryStatus Status);
