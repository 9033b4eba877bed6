using System.Security.Cryptography;
using System.Text;
using Orleans.Sms.Agents;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Events;
using Orleans.Sms.Messaging;

namespace Orleans.Sms.Conversations;

/// <summary>
/// The conversation's decisions on its state and the clock, without I/O: what a customer message, a session's start and
/// end, an opt-out and a route change do to <see cref="ConversationState"/>, and what must follow
/// (<see cref="ConversationEffects"/>, which the grain runs at its next write). The grain reads what a decision needs
/// first and calls it; the rules of timing (<see cref="SessionTimeline"/>), turns (<see cref="AgentTurnRules"/>) and
/// sends (<see cref="SendReconciliation"/>) are their own types.
/// </summary>
internal sealed class ConversationModel(ConversationState state, string conversationId, SessionOptions sessions, ConversationEffects effects)
{
    private ConversationState S => state;

    /// <summary>
    /// Records customer message <paramref name="message"/> (not a duplicate: the grain checked) in the current session,
    /// or in a new one when there is none or the message finds it over (<see cref="SessionTimeline.EndFoundBy"/>), and
    /// applies its keyword. Returns the message as recorded.
    /// </summary>
    public SmsMessage Receive(InboundSms message, ConversationRoute route, InboundKeyword keyword, DateTimeOffset now)
    {
        Adopt(route, agentNumber: message.To, customerNumber: message.From);
        if (S.Session is { } current && SessionTimeline.EndFoundBy(current, sessions, now) is { } reason)
        {
            EndSession(reason, now);
        }
        var started = S.Session is not { IsActive: true };
        var session = started ? StartSession(now) : S.Session!;
        session.Engaged = true;
        session.LastActivityAt = now;
        session.WarningSentAt = null;

        var count = SegmentCount.Of(message.Body);
        var record = new SmsMessage(
            InboundMessageId(message.ProviderMessageId), session.SessionId, MessageDirection.Inbound, MessageRole.User,
            MessageSource.Inbound, message.Body, MessageTime(now), count.Segments, count.Encoding, message.ProviderMessageId,
            DeliveryStatus.Received, null, message.Media, message.MediaContentTypes);
        S.Dedup.Remember(message.ProviderMessageId, new SeenMessage(record.MessageId, session.SessionId, now), now);
        S.AddRecent(record);
        effects.CampaignInbound = CampaignNotices.ForInbound(session, keyword);
        ApplyKeyword(keyword, session, started, record.MessageId, now);
        effects.Events.Add(ConversationEvent.MessageAdded(S.TenantId!, conversationId, record));
        return record;
    }

    /// <summary>
    /// What a keyword does: STOP opts the customer out of the use case (every number of its pool), marks the
    /// conversation <c>dnc</c> and ends the session; HELP owes the help text (answered even when opted out); START opts
    /// back in. Any other message, and START too (it may answer "Reply YES to book"), owes the agent a turn.
    /// </summary>
    private void ApplyKeyword(InboundKeyword keyword, SessionRecord session, bool started, string messageId, DateTimeOffset now)
    {
        switch (keyword)
        {
            case InboundKeyword.OptOut:
                OptOut(now);
                return;
            case InboundKeyword.Help:
                S.HelpOwed = true;
                return;
            case InboundKeyword.OptIn:
                effects.OptedOut = false;
                S.Status = S.Status == ConversationStatus.Dnc ? ConversationStatus.InProgress : S.Status;
                break;
        }
        if (S.AgentMode && !S.NoAgent)
        {
            S.PendingTurn = AgentTurnRules.Owe(S.PendingTurn, session, started, messageId, now);
        }
    }

    /// <summary>The customer opted out (a STOP, or the carrier's 21610 on a send): <c>dnc</c>, and the session ends.</summary>
    public void OptOut(DateTimeOffset now)
    {
        effects.OptedOut = true;
        S.Status = ConversationStatus.Dnc;
        EndSession(SessionEndReason.OptedOut, now);
    }

    /// <summary>
    /// Takes the route of a message or a send: the tenant (never changed once set), numbers, use case and environment. A
    /// new use case forgets what was learned of the old one (agent, batch window).
    /// </summary>
    public void Adopt(ConversationRoute route, string agentNumber, string customerNumber)
    {
        S.TenantId ??= route.TenantId;
        S.AgentNumber = agentNumber;
        S.CustomerNumber = customerNumber;
        if (S.UseCaseId != route.UseCaseId)
        {
            (S.NoAgent, S.BatchWindow, S.BatchWindowLearned) = (false, null, false);
        }
        S.UseCaseId = route.UseCaseId;
        S.Environment = route.Environment;
    }

    /// <summary>A new current session. It lives in state; the archive gets its row when it ends (reads merge the two).</summary>
    public SessionRecord StartSession(DateTimeOffset now) => S.Session = NewSession(now);

    public static SessionRecord NewSession(DateTimeOffset now, string? sessionId = null) => new()
    {
        SessionId = sessionId ?? "ses_" + Guid.CreateVersion7().ToString("N"),
        StartedAt = now,
        LastActivityAt = now,
    };

    /// <summary>
    /// Ends the active session with <paramref name="reason"/> (or as it already ended, <see cref="SessionTimeline.EndAs"/>);
    /// false when none is active. A turn owed in it is dropped; a timeout tells the agent instead
    /// (<c>warning_timeout</c>, not answered). Its row goes to the archive before the write, its messages after.
    /// </summary>
    public bool EndSession(SessionEndReason reason, DateTimeOffset now)
    {
        if (S.Session is not { IsActive: true } session)
        {
            return false;
        }
        (reason, now) = SessionTimeline.EndAs(session, sessions, reason, now);
        session.EndedAt = now;
        session.EndReason = reason;
        if (S.PendingTurn?.SessionId == session.SessionId)
        {
            S.PendingTurn = null;
        }
        if (reason == SessionEndReason.Timeout && S.AgentMode && !S.NoAgent)
        {
            S.PendingTurn = new PendingAgentTurn(session.SessionId, AgentEvents.WarningTimeout, now, []);
        }
        effects.EndedSessions.Add(session.ToView());
        effects.ArchiveNow = true;
        effects.Events.Add(ConversationEvent.SessionEnded(S.TenantId!, conversationId, session.SessionId, now, reason));
        return true;
    }

    /// <summary>
    /// Ends a lazily expiring session (<see cref="SessionTimeline.ExpiresLazily"/>) whose resume window has passed, as of
    /// the end of its window; true when it did.
    /// </summary>
    public bool ExpireLazily(DateTimeOffset now) =>
        SessionTimeline.LazilyExpiredAt(S.Session, sessions, now) is not null && EndSession(SessionEndReason.Expired, now);

    /// <summary>
    /// The time a new message is recorded at: now, or one tick after the newest message in state when the clock has
    /// not moved past it (the parts of one split reply, two messages within one clock tick, a clock set back). The
    /// archive orders a conversation by time, so this keeps messages in the order they were recorded in every
    /// storage mode (a table sorts equal times by message id, which is random).
    /// </summary>
    public DateTimeOffset MessageTime(DateTimeOffset now)
    {
        var newest = S.Recent.Count == 0 ? DateTimeOffset.MinValue : S.Recent.Max(m => m.Timestamp);
        return newest < now ? now : newest.AddTicks(1);
    }

    /// <summary>A customer message's id, the same for every delivery of one provider message to this conversation.</summary>
    private string InboundMessageId(string providerMessageId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{conversationId}|{providerMessageId}"));
        return "msg_" + Convert.ToHexStringLower(hash, 0, 16);
    }
}
