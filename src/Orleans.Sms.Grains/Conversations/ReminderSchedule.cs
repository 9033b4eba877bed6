namespace Orleans.Sms.Conversations;

/// <summary>
/// When the conversation's one durable reminder must tick, and whether the armed one moves: plain, from state and time. The
/// reminder only wakes the grain (decisions compare stored timestamps), so it may tick early; it must never tick late.
/// </summary>
public static class ReminderSchedule
{
    /// <summary>How long after its due time an owed agent turn or send is looked at again by the reminder.</summary>
    /// <remarks>Generous on purpose: every burst of messages after a quiet spell costs one early arm and one re-arm,
    /// and bursts within the margin share them. A batch lost with its silo is answered at most this much late.</remarks>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromMinutes(5);

    /// <summary>How far a periodic tick may land before the due point and still count as on time.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The earliest point the reminder must tick by, null when nothing needs it: the active session's next step (unless
    /// it expires lazily), an owed unparked agent turn (its batch window plus <see cref="SafetyMargin"/>), an unsettled send
    /// (its due time plus the margin), an owed HELP answer (the margin from now: it is owed from the call that records
    /// it, and on a tick the tick restarts it). On a tick, which has just (re)started the owed work, the margin counts from now.
    /// </summary>
    public static DateTimeOffset? DueAt(ConversationState state, SessionOptions options, TimeSpan batchWindow, DateTimeOffset now, bool onTick)
    {
        DateTimeOffset? due = state.Session is { IsActive: true } session && !SessionTimeline.ExpiresLazily(session)
            ? SessionTimeline.Next(session, options).DueAt
            : null;
        if (state.PendingTurn is { Parked: false } pending)
        {
            // An owed turn must survive the loss of this silo: the reminder fires on a survivor and runs it if still owed.
            due = Earlier(due, Backstop(pending.Since + batchWindow, now, onTick));
        }
        if (state.Unsettled.Count > 0)
        {
            // Likewise an owed send lookup or repeat (docs/api.md: Boundaries): its timer goes with this silo, the reminder does not.
            due = Earlier(due, Backstop(state.Unsettled.Min(u => u.DueAt), now, onTick));
        }
        if (state.HelpOwed)
        {
            // The HELP answer goes on a timer right after the call; the reminder answers it if this silo is lost first.
            due = Earlier(due, now + SafetyMargin);
        }
        return due;
    }

    /// <summary>
    /// Whether the reminder armed for <paramref name="armed"/> must move to <paramref name="desired"/>: between ticks only
    /// when it would tick late (activity that moves the due point later costs no reminder write); on a tick also when
    /// it would tick early by <see cref="Tolerance"/> or more.
    /// </summary>
    public static bool MustMove(DateTimeOffset? armed, DateTimeOffset desired, bool onTick) =>
        armed is not { } at || at > desired || (onTick && desired - at >= Tolerance);

    private static DateTimeOffset Backstop(DateTimeOffset dueAt, DateTimeOffset now, bool onTick) =>
        onTick && dueAt < now ? now + SafetyMargin : dueAt + SafetyMargin;

    private static DateTimeOffset Earlier(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
