using Orleans.Sms.Agents;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Conversations;

/// <summary>
/// The conversation's two steps of an agent-written opening (<see cref="AgentOpening"/>): the agent is asked between them,
/// outside the conversation, so the conversation's other calls (an inbound webhook) never wait for the agent.
/// </summary>
[Alias("sms.IConversationOpening")]
internal interface IConversationOpening : IGrainWithStringKey
{
    /// <summary>
    /// The turn the agent writes the opening from (a new session's id, the context with the request's merged in), or why
    /// there is none: the send is refused (opted out, sender not compliant) or the use case has no agent. Nothing is written.
    /// </summary>
    [Alias("PrepareOpeningAsync")]
    Task<SmsResult<AgentTurn>> PrepareOpeningAsync(OutboundRequest request);

    /// <summary>
    /// Sends the opening the agent wrote for <paramref name="turn"/> (or the use case's greeting when it wrote nothing) as
    /// <see cref="IConversationEngineGrain.StartOutboundAsync"/> sends a given message; <c>agent_error</c> when there is neither.
    /// </summary>
    [Alias("SendOpeningAsync")]
    Task<SmsResult<OutboundOutcome>> SendOpeningAsync(OutboundRequest request, AgentTurn turn, AgentReply reply);
}
