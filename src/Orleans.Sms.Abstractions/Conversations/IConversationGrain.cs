using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Conversations;

/// <summary>
/// One conversation: the pair (agent number, customer number), keyed by <see cref="ConversationId.For"/>.
/// Owns the sessions, the recent transcript, dedup of provider ids, the status and the session timers.
/// </summary>
/// <remarks>
/// What a client service may do with a conversation: read it and its sessions, change its status or agent mode, reply
/// in it and close its session, each for one <see cref="ResourceOwner"/>. New sessions start through
/// <see cref="IOutboundGrain"/>; inbound messages and delivery reports are the engine's own calls (its
/// <c>IConversationEngineGrain</c> in Orleans.Sms.Grains).
/// </remarks>
[Alias("sms.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Sends a human reply in the current session (<c>source: manual</c>); <c>not_found</c> when the conversation does not exist or is not <paramref name="owner"/>'s.</summary>
    [Alias("ReplyAsync")]
    Task<SmsResult<OutboundOutcome>> ReplyAsync(ResourceOwner owner, string message);

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
