namespace Orleans.Sms.Campaigns;

/// <summary>What one page of the held sweep comes to: the recipients whose window opened, and when the sweep ended, the campaign's next earliest held time.</summary>
/// <param name="Open">The page's held recipients whose time has come.</param>
/// <param name="Ended">The page was the last: <paramref name="HeldUntil"/> is the campaign's earliest held time.</param>
/// <param name="HeldUntil">When the sweep ended: the earliest time a recipient it left held (or one held meanwhile) may go; null when none.</param>
public sealed record class HeldSweepPage(IReadOnlyList<CampaignRecipient> Open, bool Ended, DateTimeOffset? HeldUntil);

/// <summary>
/// The sweep over a campaign's held recipients, as a plain type: once the earliest held time has come, a step reads a page
/// of the held ones from the store (after <see cref="After"/>), sends the open ones, and the sweep remembers the earliest
/// later time it saw; the page that ends it gives the campaign its next earliest held time. A hold made while the sweep is
/// under way (<see cref="Held"/>) counts too, since the sweep may have passed its seq, and so do the holds still in the
/// journal, whose rows the store has as they were until a step saves them.
/// </summary>
public sealed class HeldSweep
{
    private DateTimeOffset? _earliest;

    /// <summary>The seq the next page starts after (0: a sweep starts from the beginning).</summary>
    public long After { get; private set; }

    /// <summary>
    /// Takes a page of the held recipients read after <see cref="After"/>, at most <paramref name="size"/>; the page is the
    /// last when it is short. <paramref name="journal"/> is the campaign's journal as it stands.
    /// </summary>
    public HeldSweepPage Take(IReadOnlyList<CampaignRecipient> page, int size, IEnumerable<CampaignRecipient> journal, DateTimeOffset now)
    {
        var later = Earliest(page.Where(r => r.HeldUntil > now));
        // A journaled hold may have come due already: the campaign then sweeps again, and finds its row once it is saved.
        _earliest = Earlier(_earliest, Earlier(later, Earliest(journal.Where(r => r.Status == RecipientStatus.Held))));
        var open = page.Where(r => r.HeldUntil <= now).ToList();
        if (page.Count >= size)
        {
            After = page[^1].Seq;
            return new HeldSweepPage(open, false, null);
        }
        var earliest = _earliest;
        (After, _earliest) = (0, null);
        return new HeldSweepPage(open, true, earliest);
    }

    /// <summary>A recipient was held until <paramref name="until"/>: a sweep under way counts it when it ends.</summary>
    public void Held(DateTimeOffset until)
    {
        if (After > 0)
        {
            _earliest = Earlier(_earliest, until);
        }
    }

    private static DateTimeOffset? Earliest(IEnumerable<CampaignRecipient> held) => held.Min(r => r.HeldUntil);

    internal static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
