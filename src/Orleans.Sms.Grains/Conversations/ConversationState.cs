namespace Orleans.Sms.Conversations;

/// <summary>
/// What a conversation grain keeps to decide. Bounded: the full transcript and past sessions live in the
/// archive; here are only the current session, a short recent window for agent context and the dedup window.
/// </summary>
[GenerateSerializer, Alias("sms.ConversationState")]
public sealed class ConversationState
{
    /// <summary>Messages kept for agent context; older ones are read from the archive.</summary>
    public const int RecentCapacity = 40;

    [Id(0)] public string? TenantId { get; set; }
    [Id(1)] public string AgentNumber { get; set; } = "";
    [Id(2)] public string CustomerNumber { get; set; } = "";
    [Id(3)] public string UseCaseId { get; set; } = "";
    [Id(4)] public string Environment { get; set; } = "";
    [Id(5)] public ConversationStatus Status { get; set; } = ConversationStatus.InProgress;
    [Id(6)] public bool AgentMode { get; set; } = true;
    [Id(7)] public SessionRecord? Session { get; set; }
    [Id(8)] public List<SmsMessage> Recent { get; set; } = [];
    [Id(9)] public DedupWindow Dedup { get; set; } = new();

    /// <summary>When the registered reminder ticks next (null: none registered).</summary>
    [Id(10)] public DateTimeOffset? ReminderDueAt { get; set; }

    /// <summary>An agent turn owed for messages already recorded (survives deactivation).</summary>
    [Id(11)] public PendingAgentTurn? PendingTurn { get; set; }

    /// <summary>A HELP keyword arrived and its answer is not sent yet (survives deactivation).</summary>
    [Id(12)] public bool HelpOwed { get; set; }

    /// <summary>The summary last written to the conversation directory (written again only when it changes).</summary>
    [Id(13)] public ConversationSummary? Listed { get; set; }

    /// <summary>The conversation's context for the agent (a JSON object, at most <see cref="AgentContext.MaxLength"/> characters).</summary>
    [Id(14)] public string? ContextJson { get; set; }

    /// <summary>The agent's last failed turn since it last answered.</summary>
    [Id(15)] public AgentFailure? LastAgentFailure { get; set; }

    /// <summary>The use case was found to have no agent: no turns are owed (reset when the use case changes).</summary>
    [Id(16)] public bool NoAgent { get; set; }

    /// <summary>The use case's own batch window, learned before its first agent turn is timed (null: the engine's default).</summary>
    [Id(17)] public TimeSpan? BatchWindow { get; set; }

    /// <summary>
    /// Ids of the messages in <see cref="Recent"/> the archive does not have yet, or has in an older version (oldest
    /// first). Recorded messages are durable here first; the grain writes them to the archive in batches.
    /// </summary>
    [Id(18)] public List<string> Unarchived { get; set; } = [];

    /// <summary>
    /// <see cref="BatchWindow"/> has been asked of the use case (reset when the use case changes): null there is then the
    /// use case's own answer ("the engine's default"), not "not known yet".
    /// </summary>
    [Id(19)] public bool BatchWindowLearned { get; set; }

    /// <summary>
    /// Sends not settled yet (docs/api.md: Boundaries): their outcome was unknown or the provider did not take them, and a lookup
    /// or another send is owed. Bounded: a message settles or fails within a few bounded steps.
    /// </summary>
    [Id(20)] public List<UnsettledSend> Unsettled { get; set; } = [];

    /// <summary>Usage counted here and not yet handed to the tenant's usage grain (a few entries at most).</summary>
    [Id(21)] public List<OwedUsage> OwedUsage { get; set; } = [];

    /// <summary>The last usage sequence number given out (never reused: the usage grain ignores repeats by it).</summary>
    [Id(22)] public long UsageSequence { get; set; }

    /// <summary>
    /// The latest message ids chosen by the caller that sent them here (campaigns, sends with an Idempotency-Key): a caller
    /// asking again after a crash is answered, not sent twice.
    /// </summary>
    [Id(23)] public List<string> ChosenSends { get; set; } = [];

    /// <summary>How many chosen message ids <see cref="ChosenSends"/> keeps.</summary>
    public const int ChosenSendsCapacity = 32;

    /// <summary>
    /// Messages whose usage was counted in the write that recorded them, before the send (campaign messages): the send's
    /// final outcome keeps it (taken) or takes it back (not taken). An id leaves when its send is final.
    /// </summary>
    [Id(24)] public List<string> PrepaidUsage { get; set; } = [];

    /// <summary>
    /// Replies, opt-outs and final statuses not yet told to the campaign whose message opened the session (a few at most:
    /// <see cref="CampaignNoticeHandOver"/>).
    /// </summary>
    [Id(25)] public List<OwedCampaignNotice> OwedNotices { get; set; } = [];

    public bool Exists => TenantId is not null;

    /// <summary>
    /// Records a new message, or a newer version of one, in the recent window, owed to the archive. Only archived
    /// messages leave the window, and none with a send still owed (<see cref="Unsettled"/>): while messages are owed it may grow past <see cref="RecentCapacity"/>.
    /// </summary>
    public void AddRecent(SmsMessage message)
    {
        var index = Recent.FindIndex(m => m.MessageId == message.MessageId);
        if (index >= 0)
        {
            Recent[index] = message;
        }
        else
        {
            Recent.Add(message);
        }
        if (!Unarchived.Contains(message.MessageId))
        {
            Unarchived.Add(message.MessageId);
        }
        Trim();
    }

    /// <summary>The messages owed to the archive, oldest first.</summary>
    public IReadOnlyList<SmsMessage> OwedToArchive() => Recent.Where(m => Unarchived.Contains(m.MessageId)).ToList();

    /// <summary>The archive now has <paramref name="written"/> as they are in the window.</summary>
    public void Archived(IReadOnlyList<SmsMessage> written)
    {
        foreach (var message in written)
        {
            if (ReferenceEquals(Recent.Find(m => m.MessageId == message.MessageId), message))
            {
                Unarchived.Remove(message.MessageId);
            }
        }
        Trim();
    }

    private void Trim()
    {
        var drop = 0;
        // A message with a send or lookup still owed stays too: the owed step works on it here.
        while (Recent.Count - drop > RecentCapacity && !Unarchived.Contains(Recent[drop].MessageId)
               && !Unsettled.Exists(u => u.MessageId == Recent[drop].MessageId))
        {
            drop++;
        }
        Recent.RemoveRange(0, drop);
    }
}

/// <summary>An agent turn that is owed: which session, which event, since when, and for which messages.</summary>
[GenerateSerializer, Immutable, Alias("sms.PendingAgentTurn")]
public sealed record class PendingAgentTurn(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Event,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] IReadOnlyList<string> MessageIds,
    [property: Id(4)] bool Parked = false,
    [property: Id(5)] int Lost = 0)
{
    /// <summary>
    /// A turn is asked again once when its worker (or the activation that started it) was lost; lost again, it fails
    /// like an agent failure (the conversation goes to <c>follow_up</c>).
    /// </summary>
    public const int MaxLost = 1;

    /// <summary>What is still owed once the turn that took <paramref name="answered"/> is done; null when nothing is.</summary>
    public PendingAgentTurn? Without(PendingAgentTurn answered)
    {
        var left = MessageIds.Except(answered.MessageIds).ToList();
        return left.Count == 0 || SessionId != answered.SessionId
            ? (SessionId != answered.SessionId ? this : null)
            : this with { MessageIds = left, Event = AgentEventNames.Messages, Lost = 0 };
    }

    /// <summary>The same turn with one more message (un-parked); the oldest drop out beyond the recent window.</summary>
    public PendingAgentTurn With(string messageId, DateTimeOffset now) => this with
    {
        MessageIds = MessageIds.Append(messageId).TakeLast(ConversationState.RecentCapacity).ToList(),
        Since = Parked ? now : Since,
        Parked = false,
        Lost = Parked ? 0 : Lost,
    };
}

/// <summary>Agent event names as state needs them (kept here so state does not depend on the agents' code).</summary>
internal static class AgentEventNames
{
    public const string Messages = "messages";
}
