using Orleans.Sms.Tenants;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// What a campaign grain keeps. Bounded whatever the audience: the recipients live in <see cref="ICampaignStore"/>; here
/// are the counts, how far sending got (<see cref="Cursor"/>), the auto-pause window (at most
/// <see cref="AutoPauseWindow.MaxWindow"/> entries) and <see cref="Journal"/>, at most two steps in flight.
/// </summary>
[GenerateSerializer, Alias("sms.CampaignState")]
public sealed class CampaignState
{
    [Id(0)] public ResourceOwner? Owner { get; set; }
    [Id(1)] public CampaignDraft? Definition { get; set; }
    [Id(2)] public CampaignStatus Status { get; set; }
    [Id(3)] public PauseReason? PauseReason { get; set; }
    [Id(4)] public CampaignCounts Counts { get; set; } = new();
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset? StartedAt { get; set; }
    [Id(7)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The last seq handed out; recipients are added with seqs above it.</summary>
    [Id(8)] public long LastSeq { get; set; }

    /// <summary>Every pending recipient at or below this seq has had its turn (later ones were added after it passed).</summary>
    [Id(9)] public long Cursor { get; set; }

    /// <summary>
    /// Recipients of the steps in flight (the last one's and the one sending now), as they are to be stored: written to
    /// state first (a recipient is <c>sending</c> here before the provider sees its message), then to the store. After a crash, <c>sending</c> ones
    /// are asked of their conversation again with the same message id (never sent twice) and the rest are stored again.
    /// </summary>
    [Id(10)] public List<CampaignRecipient> Journal { get; set; } = [];

    /// <summary>Seqs reserved by an add that may have stopped half-way: counted from the store on the next activation.</summary>
    [Id(11)] public long? AddingFrom { get; set; }
    [Id(12)] public long? AddingTo { get; set; }

    [Id(13)] public AutoPauseWindow Window { get; set; } = new();

    /// <summary>The earliest time a held recipient may go (null: none held).</summary>
    [Id(14)] public DateTimeOffset? HeldUntil { get; set; }

    /// <summary>Store records of pending and held recipients still to be marked cancelled (after a cancel).</summary>
    [Id(15)] public bool CancelOwed { get; set; }

    /// <summary>The use case is told the campaign holds it (deleting the use case is refused meanwhile).</summary>
    [Id(16)] public bool HoldsUseCase { get; set; }

    /// <summary>
    /// CSV imports adding to the campaign, each with the time its hold lapses unless it reports again (at most
    /// <see cref="CampaignGrain.MaxImports"/>): a running campaign does not complete while one holds it.
    /// </summary>
    [Id(17)] public Dictionary<string, DateTimeOffset> Imports { get; set; } = [];

    /// <summary>
    /// When the campaign, ended, wakes the conversations whose sessions it opened (<see cref="CampaignSessionSweep"/>); null
    /// before it ends, when it sent nothing, and once the sweep is done.
    /// </summary>
    [Id(18)] public DateTimeOffset? SessionsSweepAt { get; set; }

    /// <summary>How far the sweep got: recipients up to this seq were woken.</summary>
    [Id(19)] public long SessionsSweptTo { get; set; }

    public bool Exists => Owner is not null;

    public CampaignView ToView(string campaignId) => new(
        campaignId, Definition!.Name, Status, PauseReason, Definition.UseCaseId!, Definition.Message, Definition.WorkflowId,
        Definition.SendAt, Definition.QuietHours, Definition.MaxPerSecond, Definition.AutoPause, Counts, CreatedAt, StartedAt, CompletedAt);
}
