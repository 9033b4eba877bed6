using Orleans.Sms.Agents;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Conversations;

/// <summary>
/// An outbound send whose opening the use case's agent writes. The agent is asked like every other agent turn, by the
/// <see cref="IAgentTurnWorker"/> (a slot of the silo's limiter, the 30 s bound), and not inside the conversation: the
/// conversation is non-reentrant, and its webhooks would otherwise wait behind the agent. The caller waits for the send.
/// </summary>
internal static class AgentOpening
{
    public static async Task<SmsResult<OutboundOutcome>> SendAsync(IGrainFactory grains, string conversationId, OutboundRequest request)
    {
        var conversation = grains.Reference<IConversationOpening>(conversationId);
        var prepared = await conversation.PrepareOpeningAsync(request);
        if (!prepared.Succeeded)
        {
            return SmsResult<OutboundOutcome>.Fail(prepared.Error);
        }
        var turn = prepared.Value;
        var answer = await grains.GetGrain<IAgentTurnWorker>(0).AskAsync(turn);
        // The agent took its time: the conversation reads the recipient and the number again before it sends.
        return answer.Reply is { } reply
            ? await conversation.SendOpeningAsync(request with { Clearance = null }, turn, reply)
            : SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.AgentError, $"The agent could not write the opening: {answer.Failure}");
    }
}
