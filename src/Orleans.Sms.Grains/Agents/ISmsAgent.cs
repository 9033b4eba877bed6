using Orleans.Sms.Conversations;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Agents;

/// <summary>An agent that writes replies for a use case's conversations (README.md: Agents).</summary>
public interface ISmsAgent
{
    Task<AgentReply> RespondAsync(AgentTurn turn, CancellationToken cancellationToken);
}

/// <summary>Agent events (README.md: Agents).</summary>
public static class AgentEvents
{
    public const string SessionStarted = "session_started";
    public const string Messages = "messages";
    public const string WarningTimeout = "warning_timeout";
}

/// <summary>One turn handed to an agent: the new batch, the session so far, and the conversation's context.</summary>
/// <param name="Event">One of <see cref="AgentEvents"/>.</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="SessionId">The current session.</param>
/// <param name="UseCase">The use case (agent spec, instructions, greeting).</param>
/// <param name="AgentNumber">The engine's number.</param>
/// <param name="CustomerNumber">The customer's number.</param>
/// <param name="Messages">The new batch (empty for an agent-written opening or <c>warning_timeout</c>).</param>
/// <param name="Transcript">The session so far, oldest first (bounded by the grain's recent window).</param>
/// <param name="ContextJson">The conversation's context as a JSON object: what the caller supplied and what the agent asked to keep.</param>
/// <param name="Contact">The customer number's contact in the use case's environment, read when the turn runs; null when none.</param>
[GenerateSerializer, Immutable, Alias("sms.AgentTurn")]
public sealed record class AgentTurn(
    [property: Id(0)] string Event,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string SessionId,
    [property: Id(3)] UseCaseDefinition UseCase,
    [property: Id(4)] string AgentNumber,
    [property: Id(5)] string CustomerNumber,
    [property: Id(6)] IReadOnlyList<SmsMessage> Messages,
    [property: Id(7)] IReadOnlyList<SmsMessage> Transcript,
    [property: Id(8)] string? ContextJson = null,
    [property: Id(9)] Contacts.Contact? Contact = null);

/// <summary>The agent's answer (README.md: Agents).</summary>
/// <param name="Reply">Text to send, or null for none.</param>
/// <param name="Status">A new conversation status, if any.</param>
/// <param name="EndSession">True to end the session (<c>closed</c>).</param>
/// <param name="ContextJson">A JSON object of memory to keep in the conversation's context (merged over it), if any.</param>
[GenerateSerializer, Immutable, Alias("sms.AgentReply")]
public sealed record class AgentReply(
    [property: Id(0)] string? Reply,
    [property: Id(1)] ConversationStatus? Status = null,
    [property: Id(2)] bool EndSession = false,
    [property: Id(3)] string? ContextJson = null);

/// <summary>Finds the agent for a use case's agent spec; null when the use case has none (humans reply).</summary>
public interface IAgentDirectory
{
    ISmsAgent? Resolve(AgentSpec? spec);
}
