namespace Orleans.Sms.Conversations;

/// <summary>A session as the API shows it (docs/api.md: Conversations).</summary>
/// <param name="SessionId">Id of the session.</param>
/// <param name="State">Active or ended.</param>
/// <param name="Engaged">True once the customer has sent at least one message in it.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="LastActivityAt">Last customer or agent message.</param>
/// <param name="WarningSentAt">When the inactivity warning went out in the current silence, if it did.</param>
/// <param name="EndedAt">End, once ended.</param>
/// <param name="EndReason">Why it ended.</param>
[GenerateSerializer, Immutable, Alias("sms.SessionView")]
public sealed record class SessionView(
    [property: Id(0)] string SessionId,
    [property: Id(1)] SessionState State,
    [property: Id(2)] bool Engaged,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset LastActivityAt,
    [property: Id(5)] DateTimeOffset? WarningSentAt,
    [property: Id(6)] DateTimeOffset? EndedAt,
    [property: Id(7)] SessionEndReason? EndReason);

/// <summary>A conversation with its current session and (part of) its transcript (docs/api.md: Conversations).</summary>
/// <param name="ConversationId">Opaque, stable id of the pair.</param>
/// <param name="AgentNumber">The engine's number, E.164.</param>
/// <param name="CustomerNumber">The customer's number, E.164.</param>
/// <param name="UseCaseId">The sms use case the conversation runs under.</param>
/// <param name="Status">Business status.</param>
/// <param name="AgentMode">False when only humans reply.</param>
/// <param name="Session">The current (or last) session.</param>
/// <param name="Messages">Transcript, oldest first.</param>
/// <param name="LastAgentFailure">The agent's last failed turn, if the agent has failed since it last answered.</param>
/// <param name="Contact">The customer number's contact in the same environment, if it is one (filled when the API reads it).</param>
[GenerateSerializer, Immutable, Alias("sms.ConversationView")]
public sealed record class ConversationView(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string AgentNumber,
    [property: Id(2)] string CustomerNumber,
    [property: Id(3)] string UseCaseId,
    [property: Id(4)] ConversationStatus Status,
    [property: Id(5)] bool AgentMode,
    [property: Id(6)] SessionView? Session,
    [property: Id(7)] IReadOnlyList<SmsMessage> Messages,
    [property: Id(8)] AgentFailure? LastAgentFailure = null,
    [property: Id(9)] Contacts.ContactRef? Contact = null);

/// <summary>A failed agent turn: when and why. The customer's messages stay and the next inbound message retries the turn.</summary>
/// <param name="At">When the turn failed.</param>
/// <param name="Reason">Why (e.g. the webhook's answer after its retries).</param>
[GenerateSerializer, Immutable, Alias("sms.AgentFailure")]
public sealed record class AgentFailure(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Reason);

/// <summary>A change to a conversation's status or agent mode; null members stay as they are.</summary>
/// <param name="Status">New status.</param>
/// <param name="AgentMode">New agent mode.</param>
[GenerateSerializer, Immutable, Alias("sms.ConversationUpdate")]
public sealed record class ConversationUpdate(
    [property: Id(0)] ConversationStatus? Status,
    [property: Id(1)] bool? AgentMode);
