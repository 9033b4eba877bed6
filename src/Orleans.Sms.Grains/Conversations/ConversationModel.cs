using System.Security.Cryptography;
using System.Text;
using Orleans.Sms.Agents;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Events;
using Orleans.Sms.Errors;
using Orleans.Sms.Messaging;
using Orleans.Sms.Providers;
using Orleans.Sms.Usage;

namespace Orleans.Sms.Conversations;

/// <summary>
/// The conversation's decisions on its state and the clock, without I/O: what a customer message, a session's start and
/// end, an opt-out and a route change do to <see cref="ConversationState"/>, and what must follow
/// (<see cref="ConversationEffects"/>, which the grain runs at its next write). The grain reads what a decision needs
/// first and calls it; the rules of timing (<see cref="SessionTimeline"/>), turns (<see cref="AgentTurnRules"/>) and
/// sends (<see cref="SendReconciliation"/>) are their own types.
/// </summary>
internal sealed class ConversationModel(
    ConversationState state, string conversationId, SessionOptions sessions, ConversationEffects effects, OwedUsageBook usage)
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

    /// <summary>
    /// Records the parts of one outbound text in the current session (which must exist), in order and a tick apart,
    /// <c>accepted</c>, or <c>failed</c> with <paramref name="refused"/>'s code when the send was refused (their events
    /// then follow the write; a sent message's follow its provider call). Activity moves unless the text is the
    /// engine's own (<see cref="MessageRole.System"/>). The first part takes <paramref name="firstMessageId"/> when the
    /// caller chose it.
    /// </summary>
    public List<SmsMessage> RecordOutbound(
        IReadOnlyList<string> parts, MessageRole role, MessageSource source, SmsError? refused, string? campaignId, string? firstMessageId,
        DateTimeOffset now)
    {
        var session = S.Session!;
        var messages = new List<SmsMessage>(parts.Count);
        foreach (var body in parts)
        {
            var count = SegmentCount.Of(body);
            var message = new SmsMessage(
                messages.Count == 0 && firstMessageId is not null ? firstMessageId : MessageIds.New(), session.SessionId, MessageDirection.Outbound,
                role, source, body, MessageTime(now), count.Segments, count.Encoding, null,
                refused is null ? DeliveryStatus.Accepted : DeliveryStatus.Failed, refused?.Code, [], CampaignId: campaignId);
            S.AddRecent(message); // before the next part takes its time
            messages.Add(message);
            if (refused is not null)
            {
                effects.Events.Add(ConversationEvent.MessageAdded(S.TenantId!, conversationId, message));
            }
        }
        if (role != MessageRole.System)
        {
            session.LastActivityAt = now;
        }
        return messages;
    }

    /// <summary>
    /// Records what came of a provider call on <paramref name="message"/> as <see cref="SendReconciliation"/> decides:
    /// the provider's answer on the message (it reaches storage with the next write), the next step owed
    /// (<see cref="ConversationState.Unsettled"/>), and for a final outcome the usage (counted now, unless it was prepaid:
    /// then kept, or taken back when not taken), <c>follow_up</c> when a person must look, the opt-out the carrier
    /// reports (21610) and the campaign's notice after the write.
    /// </summary>
    public SendSettlement Settle(
        SmsMessage message, UnsettledSend done, SendOutcome outcome, SendReceipt? receipt, string? errorCode, DateTimeOffset now)
    {
        var decision = SendReconciliation.After(done, outcome, errorCode);
        S.Unsettled.RemoveAll(u => u.MessageId == message.MessageId);
        var owed = SendReconciliation.Owed(done, decision, now);
        if (owed is not null)
        {
            S.Unsettled.Add(owed);
        }
        var settled = decision.Action switch
        {
            SendAction.Settle => message with { ProviderMessageSid = receipt!.ProviderMessageSid, DeliveryStatus = receipt.Status, ErrorCode = null },
            SendAction.Fail => message with { DeliveryStatus = DeliveryStatus.Failed, ErrorCode = decision.ErrorCode },
            _ => message,
        };
        S.AddRecent(settled);
        if (decision.Action is SendAction.Settle or SendAction.Fail)
        {
            var taken = decision.Action == SendAction.Settle;
            if (!usage.SettlePrepaid(message, taken) && taken)
            {
                usage.Record(new UsageDelta(0, 0, 1, settled.Segments), now);
            }
        }
        if (decision.Action == SendAction.Fail)
        {
            if (decision.FollowUp)
            {
                S.Status = ConversationStatus.FollowUp; // docs/api.md: Boundaries: a person sees it
            }
            if (errorCode == ProviderException.RecipientOptedOut)
            {
                OptOut(now); // the carrier says so (Twilio 21610): the same as a STOP
            }
            if (settled.CampaignId is not null)
            {
                effects.CampaignDeliveries.Add(settled);
            }
        }
        return new SendSettlement(settled, decision, owed);
    }

    /// <summary>
    /// A delivery report's update (<see cref="DeliveryUpdate"/>) on a message the recent window holds (one only the
    /// archive holds is written there by the grain): the message, the carrier's opt-out, and for a final status the
    /// campaign's notice after the write.
    /// </summary>
    public void ApplyDelivery(DeliveryUpdate update, DateTimeOffset now)
    {
        if (update.InWindow)
        {
            S.AddRecent(update.Message);
        }
        if (update.OptsOut)
        {
            OptOut(now); // the carrier says so (Twilio 21610): the same as a STOP
        }
        if (update.WritesNow && update.Message.CampaignId is not null)
        {
            effects.CampaignDeliveries.Add(update.Message); // told only of a final status (CampaignNotices.Delivery)
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
    /// Makes <paramref name="session"/> current for an opening (an API, agent-written or campaign message): the current
    /// session ends <c>superseded</c>; a caller's chosen message id is remembered with it (written before the provider
    /// sees the message, so a caller asking again after a crash is answered, not sent twice).
    /// </summary>
    public void Open(SessionRecord session, string? campaignId, string? chosenMessageId, DateTimeOffset now)
    {
        EndSession(SessionEndReason.Superseded, now);
        S.Session = session;
        session.LastActivityAt = now;
        session.CampaignId = campaignId;
        if (chosenMessageId is { } chosen)
        {
            S.ChosenSends.Add(chosen);
            if (S.ChosenSends.Count > ConversationState.ChosenSendsCapacity)
            {
                S.ChosenSends.RemoveAt(0);
            }
        }
    }

    /// <summary>The session a manual reply or the HELP answer goes out in: the active one, or a new one.</summary>
    public SessionRecord ActiveOrNew(DateTimeOffset now) => S.Session is { IsActive: true } active ? active : StartSession(now);

    /// <summary>The HELP answer is taken (before it is sent, so it goes once): the use case's text, or the engine's.</summary>
    public string TakeHelp(string? useCaseText, string? useCaseName, DateTimeOffset now)
    {
        S.HelpOwed = false;
        ActiveOrNew(now);
        return useCaseText ?? $"{useCaseName ?? "This number"}: reply STOP to opt out. Msg & data rates may apply.";
    }

    /// <summary>The reason an agent failure notice starts with when a reply was cut to <see cref="ReplySplitter.MaxParts"/> messages.</summary>
    public const string ReplyTruncated = "reply_truncated";

    /// <summary>
    /// An agent's text as the messages it becomes: at most <see cref="ReplySplitter.MaxParts"/> (docs/api.md: Boundaries).
    /// A longer one loses its tail, and the conversation's <c>last_agent_failure</c> says so (a reason starting
    /// <see cref="ReplyTruncated"/>, until the agent's next good turn), so a person reading it sees why the answer stops short.
    /// </summary>
    public IReadOnlyList<string> SplitAgentText(string text, DateTimeOffset now, out bool truncated)
    {
        var parts = ReplySplitter.Split(text, out truncated);
        if (truncated)
        {
            S.LastAgentFailure = new AgentFailure(now,
                $"{ReplyTruncated}: the reply ({text.Length} characters) was longer than {ReplySplitter.MaxParts} messages; the rest was not sent");
        }
        return parts;
    }

    /// <summary>
    /// What an agent's answer (<see cref="AgentTurnRules.Answered"/>, already applied) sends, as
    /// <paramref name="text"/> (its reply, or the greeting it asked for): nothing unless it speaks; the session ends
    /// (<c>closed</c>) when the agent said so, the reply still going out as its last message; activity moves when
    /// something goes out.
    /// </summary>
    public IReadOnlyList<string> Speak(AgentAnswer answer, string text, DateTimeOffset now, out bool truncated)
    {
        truncated = false;
        if (!answer.Speaks)
        {
            return [];
        }
        var session = S.Session!;
        var parts = SplitAgentText(text, now, out truncated);
        if (answer.EndsSession)
        {
            EndSession(SessionEndReason.Closed, now);
        }
        session.LastActivityAt = parts.Count > 0 ? now : session.LastActivityAt;
        return parts;
    }

    /// <summary>
    /// A reminder tick at <paramref name="now"/> takes the session's step that is due (<see cref="SessionTimeline.DueStep"/>):
    /// a timeout or an expiry ends the session; a warning is recorded as sent now, before it is sent (a repeated or late
    /// tick never warns twice), and true asks the grain to send it (<see cref="WarningText"/>).
    /// </summary>
    public bool Tick(DateTimeOffset now)
    {
        switch (SessionTimeline.DueStep(S.Session, sessions, now))
        {
            case SessionStep.Warn:
                S.Session!.WarningSentAt = now;
                return true;
            case SessionStep.Timeout:
                EndSession(SessionEndReason.Timeout, now);
                break;
            case SessionStep.Expire:
                EndSession(SessionEndReason.Expired, now);
                break;
        }
        return false;
    }

    /// <summary>The inactivity warning: the use case's own text, or the engine's naming the grace period.</summary>
    public string WarningText(string? useCaseText) =>
        useCaseText ?? $"Are you still there? This conversation closes in {Describe(sessions.GracePeriod)} unless you reply.";

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 && span.Minutes == 0 ? $"{(int)span.TotalHours} hour{(span.TotalHours >= 2 ? "s" : "")}"
        : span.TotalMinutes >= 1 ? $"{(int)Math.Round(span.TotalMinutes)} minute{(span.TotalMinutes >= 2 ? "s" : "")}"
        : $"{(int)Math.Ceiling(span.TotalSeconds)} seconds";

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

/// <summary>What came of a provider call on a message (<see cref="ConversationModel.Settle"/>).</summary>
/// <param name="Message">The message as recorded now.</param>
/// <param name="Decision">Settled, failed, or a step owed.</param>
/// <param name="Owed">The lookup or send now owed, if any (in <see cref="ConversationState.Unsettled"/>).</param>
internal sealed record class SendSettlement(SmsMessage Message, SendDecision Decision, UnsettledSend? Owed);
