namespace Orleans.Sms.Conversations;

/// <summary>What a session's timer does next.</summary>
public enum SessionStep
{
    /// <summary>Send the inactivity warning (engaged, silent for <c>WarningAfter</c>).</summary>
    Warn,
    /// <summary>End with <c>timeout</c> (no reply within <c>GracePeriod</c> of the warning).</summary>
    Timeout,
    /// <summary>End with <c>expired</c> (never engaged, <c>ResumeWindow</c> passed).</summary>
    Expire,
}

/// <summary>
/// The session lifecycle rules (docs/api.md: Session lifecycle) as pure functions of stored timestamps, so that a late,
/// repeated or missed reminder tick can never change the outcome: only the clock and the record decide.
/// </summary>
public static class SessionTimeline
{
    /// <summary>The next step of an active session and when it is due.</summary>
    public static (SessionStep Step, DateTimeOffset DueAt) Next(SessionRecord session, SessionOptions options)
    {
        if (!session.Engaged)
        {
            return (SessionStep.Expire, session.LastActivityAt + options.ResumeWindow);
        }
        return session.WarningSentAt is { } warnedAt
            ? (SessionStep.Timeout, warnedAt + options.GracePeriod)
            : (SessionStep.Warn, session.LastActivityAt + options.WarningAfter);
    }

    /// <summary>
    /// The end a new customer message finds, if any: a session whose warning went unanswered for the grace
    /// period, or a never-engaged one past its resume window, is over even if its tick has not arrived yet.
    /// A due-but-unsent warning does not end anything: the customer is replying now.
    /// </summary>
    public static SessionEndReason? EndFoundBy(SessionRecord session, SessionOptions options, DateTimeOffset now) =>
        DueStep(session, options, now) switch
        {
            SessionStep.Timeout => SessionEndReason.Timeout,
            SessionStep.Expire => SessionEndReason.Expired,
            _ => null,
        };

    /// <summary>The step due at <paramref name="now"/> on a reminder tick, if any: only an active session has one.</summary>
    public static SessionStep? DueStep(SessionRecord? session, SessionOptions options, DateTimeOffset now)
    {
        if (session is not { IsActive: true })
        {
            return null;
        }
        var (step, dueAt) = Next(session, options);
        return now >= dueAt ? step : null;
    }

    /// <summary>
    /// A session a campaign opened that the customer never answered ends (<c>expired</c>) when the conversation is next
    /// activated or written to, not on a reminder: a campaign to 100,000 people would otherwise store 100,000 reminders
    /// that all fire in the same minute, a resume window later. Once the customer writes, the session's reminder is armed.
    /// </summary>
    public static bool ExpiresLazily(SessionRecord session) => session is { Engaged: false, CampaignId: not null };

    /// <summary>When an active session that expires lazily is over (its resume window passed); null for any other session.</summary>
    public static DateTimeOffset? LazyExpiry(SessionRecord? session, SessionOptions options) =>
        session is { IsActive: true } && ExpiresLazily(session) ? Next(session, options).DueAt : null;

    /// <summary>
    /// How a session asked to end with <paramref name="reason"/> at <paramref name="now"/> ends: as asked, unless it expires
    /// lazily and its window has passed, in which case it ended <c>expired</c> at the end of its window (what reads showed
    /// from then on, <see cref="ViewAt"/>), whoever noticed first (an activation, a message, a send, a close, a tick).
    /// </summary>
    public static (SessionEndReason Reason, DateTimeOffset At) EndAs(SessionRecord session, SessionOptions options, SessionEndReason reason, DateTimeOffset now) =>
        LazilyExpiredAt(session, options, now) is { } expiry ? (SessionEndReason.Expired, expiry) : (reason, now);

    /// <summary>When an active session that expires lazily ended, if its window has passed by <paramref name="now"/>; else null.</summary>
    public static DateTimeOffset? LazilyExpiredAt(SessionRecord? session, SessionOptions options, DateTimeOffset now) =>
        LazyExpiry(session, options) is { } expiry && expiry <= now ? expiry : null;

    /// <summary>
    /// The session as it stands at <paramref name="now"/>: one that expires lazily and whose window has passed is shown
    /// ended (<c>expired</c>, at the end of its window) though nothing has written that down yet.
    /// </summary>
    public static SessionView? ViewAt(SessionRecord? session, SessionOptions options, DateTimeOffset now) =>
        LazilyExpiredAt(session, options, now) is { } expiry
            ? session!.ToView() with { State = SessionState.Ended, EndedAt = expiry, EndReason = SessionEndReason.Expired }
            : session?.ToView();
}
