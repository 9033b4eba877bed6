using Orleans.Sms.Campaigns;
using Orleans.Sms.Events;

namespace Orleans.Sms.Conversations;

/// <summary>
/// What the conversation's decisions (<see cref="ConversationModel"/>) ask of the world, collected until the grain's next
/// state write runs them in one fixed order: <see cref="BeforeWrite"/>, the write, then <see cref="AfterWrite"/>. A write
/// that fails drops the activation and these with it: nothing is told of a change storage may not have.
/// </summary>
internal sealed class ConversationEffects
{
    /// <summary>
    /// The customer's opt-out as the conversation last decided it (a STOP, a START, the carrier's 21610), for every number
    /// of the pool: stored before the write that records why, so that a retry after a crash in between (a duplicate by
    /// then) still finds it standing. Null: unchanged.
    /// </summary>
    public bool? OptedOut { get; set; }

    /// <summary>Sessions that ended, for the archive before the write (state keeps only the current one).</summary>
    public List<SessionView> EndedSessions { get; } = [];

    /// <summary>Live events for the owner's subscribers, in the order decided, published after the write.</summary>
    public List<ConversationEvent> Events { get; } = [];

    /// <summary>What a customer message means for the campaign whose message opened its session, owed in the write and told after it.</summary>
    public (string CampaignId, InboundNotice Notice)? CampaignInbound { get; set; }

    /// <summary>
    /// Campaign messages whose send or delivery report is final (or that failed), owed to their campaign in the write
    /// (<see cref="CampaignNoticeHandOver.OweDelivery"/>: only final statuses are told).
    /// </summary>
    public List<SmsMessage> CampaignDeliveries { get; } = [];

    /// <summary>A session ended: its messages go to the archive together, on a turn after the write.</summary>
    public bool ArchiveNow { get; set; }

    /// <summary>Whether anything must run before the next write.</summary>
    public bool BeforeWrite => OptedOut is not null || EndedSessions.Count > 0;

    /// <summary>Whether anything waits for the next write.</summary>
    public bool AfterWrite => Events.Count > 0 || CampaignInbound is not null || CampaignDeliveries.Count > 0 || ArchiveNow;

    public void Clear()
    {
        OptedOut = null;
        EndedSessions.Clear();
        Events.Clear();
        CampaignInbound = null;
        CampaignDeliveries.Clear();
        ArchiveNow = false;
    }
}
