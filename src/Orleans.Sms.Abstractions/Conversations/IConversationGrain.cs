using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Conversations;

/// <summary>
/// One conversation: the pair (agent number, customer number), keyed by <see cref="ConversationId.For"/>.
/// Owns the sessions, the recent transcript, dedup of provider ids, the status and the session timers.
/// </summary>
[Alias("sms.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Records an inbound message; a repeated provider id is acknowledged and ignored.</summary>
    /// <remarks>Returns once the message is durably recorded; the agent's turn runs afterwards.</remarks>
    [Alias("ReceiveAsync")]
    Task<ReceiveOutcome> ReceiveAsync(InboundSms message, ConversationRoute route, InboundKeyword keyword = InboundKeyword.None);

    /// <summary>Starts a new session with a business-initiated message (an active session ends as <c>superseded</c>) and sends it.</summary>
    /// <remarks>Refused (nothing recorded, nothing sent) with <c>recipient_opted_out</c> or <c>sender_not_compliant</c>.</remarks>
    [Alias("StartOutboundAsync")]
    Task<SmsResult<OutboundOutcome>> StartOutboundAsync(OutboundRequest request);

    /// <summary>Sends a human reply in the current session (<c>source: manual</c>); <c>not_found</c> when the conversation does not exist or is not <paramref name="owner"/>'s.</summary>
    [Alias("ReplyAsync")]
    Task<SmsResult<OutboundOutcome>> ReplyAsync(ResourceOwner owner, string message);

    /// <summary>Applies a delivery report; a repeated or late (backwards) report changes nothing.</summary>
    [Alias("ReportDeliveryAsync")]
    Task ReportDeliveryAsync(DeliveryReport report);

    /// <summary>Ends the current session with <c>closed</c>; null when the conversation does not exist or is not <paramref name="owner"/>'s.</summary>
    [Alias("CloseSessionAsync")]
    Task<SessionView?> CloseSessionAsync(ResourceOwner owner);

    /// <summary>The conversation with its newest <paramref name="messageLimit"/> messages, or null when it does not exist or is not <paramref name="owner"/>'s.</summary>
    /// <remarks>The owner is the tenant <b>and</b> the environment: another environment's conversation is null, like another tenant's.</remarks>
    [Alias("GetAsync"), ReadOnly]
    Task<ConversationView?> GetAsync(ResourceOwner owner, int messageLimit = 100);

    /// <summary>Past and current sessions, oldest first; null when the conversation does not exist or is not <paramref name="owner"/>'s.</summary>
    [Alias("GetSessionsAsync"), ReadOnly]
    Task<IReadOnlyList<SessionView>?> GetSessionsAsync(ResourceOwner owner);

    /// <summary>Changes the status and/or agent mode; null when the conversation does not exist or is not <paramref name="owner"/>'s.</summary>
    [Alias("UpdateAsync")]
    Task<ConversationView?> UpdateAsync(ResourceOwner owner, ConversationUpdate update);
}
