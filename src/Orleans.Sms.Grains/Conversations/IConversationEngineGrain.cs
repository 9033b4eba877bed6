using Orleans.Sms.Errors;

namespace Orleans.Sms.Conversations;

/// <summary>
/// The conversation's calls that only the engine makes: inbound messages from the provider webhooks, business-initiated
/// sends that already passed <see cref="IOutboundGrain"/> (or a campaign's checks), and delivery reports. A client service
/// sees only <see cref="IConversationGrain"/>: it can read, update and reply, never inject an inbound message or a status.
/// </summary>
[Alias("sms.IConversationEngineGrain")]
public interface IConversationEngineGrain : IConversationGrain
{
    /// <summary>Records an inbound message; a repeated provider id is acknowledged and ignored.</summary>
    /// <remarks>Returns once the message is durably recorded; the agent's turn runs afterwards.</remarks>
    [Alias("ReceiveAsync")]
    Task<ReceiveOutcome> ReceiveAsync(InboundSms message, ConversationRoute route, InboundKeyword keyword = InboundKeyword.None);

    /// <summary>Starts a new session with a business-initiated message (an active session ends as <c>superseded</c>) and sends it.</summary>
    /// <remarks>Refused (nothing recorded, nothing sent) with <c>recipient_opted_out</c> or <c>sender_not_compliant</c>.</remarks>
    [Alias("StartOutboundAsync")]
    Task<SmsResult<OutboundOutcome>> StartOutboundAsync(OutboundRequest request);

    /// <summary>Applies a delivery report; a repeated or late (backwards) report changes nothing.</summary>
    [Alias("ReportDeliveryAsync")]
    Task ReportDeliveryAsync(DeliveryReport report);
}
