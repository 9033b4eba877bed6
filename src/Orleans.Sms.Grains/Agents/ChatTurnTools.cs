using System.ComponentModel;
using Microsoft.Extensions.AI;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Agents;

/// <summary>
/// The tools a chat model may call during one turn, and what they collected. One instance per turn: the tools write
/// here, and the agent copies the result into its <see cref="AgentReply"/>.
/// </summary>
internal sealed class ChatTurnTools
{
    public const string SetStatusName = "set_conversation_status";
    public const string EndSessionName = "end_session";

    public ChatTurnTools()
    {
        Tools =
        [
            AIFunctionFactory.Create(
                ([Description("One of: in_progress, completed, incomplete, follow_up, qualified, disqualified, dnc.")] string status) =>
                    SetStatus(status),
                SetStatusName,
                "Records the business outcome of this conversation, e.g. qualified once the lead qualifies, or follow_up when a human should take over."),
            AIFunctionFactory.Create(
                ([Description("Why the conversation is over, in a few words.")] string? reason = null) => EndSession(reason),
                EndSessionName,
                "Ends the SMS session once the conversation is over. Your text reply, if any, is still sent first."),
        ];
    }

    /// <summary>The tools, for <see cref="ChatOptions.Tools"/>.</summary>
    public IList<AITool> Tools { get; }

    /// <summary>The last valid status the model set, if any.</summary>
    public ConversationStatus? Status { get; private set; }

    /// <summary>True once the model ended the session.</summary>
    public bool EndSessionRequested { get; private set; }

    private string SetStatus(string status)
    {
        if (!AgentStatusNames.TryParse(status, out var parsed))
        {
            // Told to the model so that it can correct itself; nothing is applied.
            return $"error: '{status}' is not a conversation status; use one of {string.Join(", ", AgentStatusNames.All)}.";
        }
        Status = parsed;
        return $"ok: the conversation status is now {AgentStatusNames.Name(parsed)}.";
    }

    private string EndSession(string? reason)
    {
        // The reason helps the model decide; AgentReply has no place for it, and the session records "closed".
        _ = reason;
        EndSessionRequested = true;
        return "ok: the session ends after your reply.";
    }
}
