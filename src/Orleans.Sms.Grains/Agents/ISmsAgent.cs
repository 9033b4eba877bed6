using Orleans.Sms.Conversations;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Agents;

/// <summary>An agent that writes replies for a use case's conversations (CONTRACT §10).</summary>
public interface ISmsAgent
{
    Task<AgentReply> RespondAsync(AgentTurn turn, CancellationToken cancellationToken);
}

/// <summary>Agent events (CONTRACT §10).</summary>
public static class AgentEvents
{
    public const string SessionStarted = "session_started";
    public const string Messages = "messages";
    public const string WarningTimeout = "warning_timeout";
}

/// <summary>One turn handed to an agent: the new batch and the session so far.</summary>
public sealed record class AgentTurn(
    string Event,
    string ConversationId,
    string SessionId,
    UseCaseDefinition UseCase,
    string AgentNumber,
    string CustomerNumber,
    IReadOnlyList<SmsMessage> Messages,
    IReadOnlyList<SmsMessage> Transcript);

/// <summary>The agent's answer: a reply (or none), optionally a new status and the end of the session.</summary>
public sealed record class AgentReply(string? Reply, ConversationStatus? Status = null, bool EndSession = false);

/// <summary>Finds the agent for a use case's agent spec; null when the use case has none (humans reply).</summary>
public interface IAgentDirectory
{
    ISmsAgent? Resolve(AgentSpec? spec);
}
