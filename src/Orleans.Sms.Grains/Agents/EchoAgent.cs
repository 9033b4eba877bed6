using Orleans.Sms.Conversations;

namespace Orleans.Sms.Agents;

/// <summary>Replies with the customer's text: for demos and tests.</summary>
public sealed class EchoAgent : ISmsAgent
{
    public const string Type = "echo";

    public Task<AgentReply> RespondAsync(AgentTurn turn, CancellationToken cancellationToken)
    {
        var text = string.Join("\n", turn.Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Body));
        return Task.FromResult(new AgentReply(text.Length == 0 ? null : text));
    }
}
