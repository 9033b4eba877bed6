namespace Orleans.Sms.Campaigns;

/// <summary>
/// When a campaign wakes the conversations whose sessions it opened, as a plain rule. A session a campaign opened and the
/// customer never answered keeps no reminder (a campaign of 100,000 would store 100,000): reads show it ended once its
/// window has passed, and its campaign, once it has ended, wakes every such conversation a window later, so that each
/// session is stored ended, archived and published (<c>session_ended</c>) even when the customer never writes again.
/// </summary>
/// <remarks>
/// One sweep per campaign, after its end: a session opened early in a long campaign is published up to the campaign's
/// running time late (reads are right from its own end on). A campaign paused for longer than the window sweeps only
/// once it completes or is cancelled.
/// </remarks>
internal static class CampaignSessionSweep
{
    /// <summary>Recipients read per step of the sweep (their conversations are woken together).</summary>
    public const int PageSize = 200;

    /// <summary>After the window: a session opened at the campaign's last instant is over by then.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When the campaign that ended at <paramref name="endedAt"/> with <paramref name="counts"/> wakes its conversations,
    /// sessions lasting <paramref name="resumeWindow"/> unanswered; null when it sent nothing (no session to end).
    /// </summary>
    public static DateTimeOffset? DueAt(CampaignCounts counts, DateTimeOffset endedAt, TimeSpan resumeWindow) =>
        counts.Sent + counts.Delivered + counts.Failed == 0 ? null : endedAt + resumeWindow + Margin;

    /// <summary>
    /// Whether the sweep wakes <paramref name="recipient"/>'s conversation: its message opened a session there and the
    /// customer did not answer it (an answered session has a reminder of its own).
    /// </summary>
    public static bool Wakes(CampaignRecipient recipient) =>
        recipient is { ConversationId: not null, MessageId: not null, Replied: false, Status: RecipientStatus.Sent or RecipientStatus.Delivered or RecipientStatus.Failed };
}
