using Orleans.Sms.Events;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// When a campaign's progress is published (docs/api.md, "Progress events"), as a plain rule: the grain shows it the
/// campaign as it stands after each of its turns (a request, a notice, a step) and publishes what it says. A new status
/// or pause reason goes out at once. Counts that moved are coalesced: they go out when a flush comes due, at most once
/// per <see cref="CountsInterval"/> after the last event, carrying the counts as they are then — so a running campaign
/// publishes a few events a second whatever its rate, and never stops short of its latest counts.
/// </summary>
public sealed class CampaignProgress
{
    /// <summary>The least time between an event and the next one that only moves counts: well inside the dashboard's 1 s.</summary>
    public static readonly TimeSpan CountsInterval = TimeSpan.FromMilliseconds(250);

    private CampaignEvent? _told;
    private DateTimeOffset? _toldAt;

    /// <summary>Starts from what subscribers are taken to know: the campaign as stored when it was activated (null: none yet).</summary>
    /// <param name="baseline">The campaign as stored at activation; nothing is published for it.</param>
    public CampaignProgress(CampaignEvent? baseline) => _told = baseline;

    /// <summary>True while counts moved that no event carried yet (a flush is due).</summary>
    public bool Owed { get; private set; }

    /// <summary>The campaign after a turn: publish it now, or owe it (and when the flush is due), or nothing.</summary>
    /// <param name="current">The campaign as it stands (its <see cref="CampaignEvent.At"/> is now); null when it does not exist.</param>
    public ProgressDecision Note(CampaignEvent? current)
    {
        if (current is null || (_told is not null && SameProgress(_told, current)))
        {
            return ProgressDecision.None;
        }
        if (_told is null || current.Status != _told.Status || current.PauseReason != _told.PauseReason)
        {
            return new ProgressDecision(Told(current), null);
        }
        if (Owed)
        {
            return ProgressDecision.None; // the flush already due carries these counts too
        }
        Owed = true;
        var due = _toldAt is { } at ? at + CountsInterval - current.At : TimeSpan.Zero;
        return new ProgressDecision(null, due < TimeSpan.Zero ? TimeSpan.Zero : due > CountsInterval ? CountsInterval : due);
    }

    /// <summary>A flush came due: the event to publish, or null when nothing moved since the last one.</summary>
    /// <param name="current">The campaign as it stands; null when it does not exist.</param>
    public CampaignEvent? Flush(CampaignEvent? current)
    {
        Owed = false;
        return current is null || (_told is not null && SameProgress(_told, current)) ? null : Told(current);
    }

    private CampaignEvent Told(CampaignEvent e)
    {
        (_told, _toldAt, Owed) = (e, e.At, false);
        return e;
    }

    private static bool SameProgress(CampaignEvent a, CampaignEvent b) =>
        a.Status == b.Status && a.PauseReason == b.PauseReason && a.Counts == b.Counts;
}
