using System.Text.Json;

namespace Orleans.Sms.Samples.ReminderAgent;

/// <summary>
/// What the engine POSTs for each agent turn: <c>{"event","conversation_id","session_id","channel_type","use_case_id",
/// "agent_number","customer_number","context","messages","transcript"}</c>. Only what this agent needs is modelled;
/// other members are ignored.
/// </summary>
/// <param name="Event"><c>session_started</c>, <c>messages</c> or <c>warning_timeout</c>.</param>
/// <param name="Context">The conversation's context: what the sender supplied, plus what this agent asked to keep.</param>
/// <param name="Messages">The new batch; empty on a <c>session_started</c> for an opening the agent is to write.</param>
/// <param name="Transcript">The session so far, oldest first.</param>
public sealed record class AgentRequest(
    string Event,
    string ConversationId,
    string SessionId,
    string ChannelType,
    string UseCaseId,
    string AgentNumber,
    string CustomerNumber,
    JsonElement Context,
    IReadOnlyList<AgentMessage> Messages,
    IReadOnlyList<AgentMessage> Transcript);

/// <summary>A message of the batch or transcript. <paramref name="Role"/> is <c>user</c> for the customer.</summary>
public sealed record class AgentMessage(
    string MessageId,
    string Direction,
    string Role,
    string Body,
    DateTimeOffset Timestamp);
