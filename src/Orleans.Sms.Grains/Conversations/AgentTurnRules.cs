using Orleans.Sms.Agents;

namespace Orleans.Sms.Conversations;

/// <summary>
/// The rules of the conversation's agent turns, on its state alone (no I/O): which turn a customer message owes, and what
/// a reported turn changes. The grain runs the rest (the use case read for a greeting, the session's end, the write, the
/// send, the timers).
/// </summary>
public static class AgentTurnRules
{
    /// <summary>
    /// The turn owed once customer message <paramref name="messageId"/> is recorded in <paramref name="session"/> (agent
    /// mode, with an agent): it joins the session's owed turn (a parked, failed one is resumed with it), or starts one.
    /// A <c>warning_timeout</c> notice is never joined: it belongs to a session that has ended.
    /// </summary>
    public static PendingAgentTurn Owe(PendingAgentTurn? pending, SessionRecord session, bool started, string messageId, DateTimeOffset now) =>
        pending?.SessionId == session.SessionId && pending.Event != AgentEvents.WarningTimeout
            ? pending.With(messageId, now)
            : new PendingAgentTurn(session.SessionId, started ? AgentEvents.SessionStarted : AgentEvents.Messages, now, new List<string> { messageId });

    /// <summary>
    /// A failed turn: the customer's messages stay; the turn is parked with them (the next customer message retries it)
    /// unless messages arrived during it (then it is owed again at once), and the conversation goes to <c>follow_up</c>, so
    /// a person sees it. A failed <c>warning_timeout</c> notice is dropped.
    /// </summary>
    public static void Failed(ConversationState state, PendingAgentTurn taken, string failure, DateTimeOffset now)
    {
        var owed = state.PendingTurn?.Without(taken);
        state.Status = ConversationStatus.FollowUp;
        state.LastAgentFailure = new AgentFailure(now, failure);
        state.PendingTurn = taken.Event == AgentEvents.WarningTimeout ? owed
            : state.PendingTurn is null ? null
            : state.PendingTurn with { Parked = owed is null };
    }

    /// <summary>
    /// A reply to <paramref name="taken"/>: only messages that arrived during the turn stay owed; the failure notice clears;
    /// the context and the status take the agent's; and what is done with the text (<see cref="AgentAnswer"/>).
    /// </summary>
    public static AgentAnswer Answered(ConversationState state, PendingAgentTurn taken, AgentReply reply)
    {
        state.PendingTurn = state.PendingTurn?.Without(taken);
        state.LastAgentFailure = null;
        state.ContextJson = AgentContext.Merge(state.ContextJson, reply.ContextJson);
        state.Status = reply.Status ?? state.Status;
        // A warning_timeout notice is never answered, nor a turn whose session has ended or been replaced meanwhile.
        var speaks = taken.Event != AgentEvents.WarningTimeout && state.Session is { IsActive: true } session && session.SessionId == taken.SessionId;
        return new AgentAnswer(
            speaks,
            Greets: speaks && taken.Event == AgentEvents.SessionStarted && string.IsNullOrWhiteSpace(reply.Reply),
            EndsSession: speaks && reply.EndSession);
    }
}

/// <summary>What a conversation does with an agent's reply.</summary>
/// <param name="Speaks">The reply is sent in the session it was asked for.</param>
/// <param name="Greets">The agent wrote nothing to open a session: the use case's greeting is sent, if it has one.</param>
/// <param name="EndsSession">The agent ended the session (<c>closed</c>); the reply still goes out, as its last message.</param>
public sealed record class AgentAnswer(bool Speaks, bool Greets, bool EndsSession);
