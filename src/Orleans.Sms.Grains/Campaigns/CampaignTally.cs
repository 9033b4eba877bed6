namespace Orleans.Sms.Campaigns;

/// <summary>
/// Counting recipients as they move: every move takes one from a status and gives it to another, so the statuses always
/// partition <see cref="CampaignCounts.Total"/>.
/// </summary>
public static class CampaignTally
{
    /// <summary><paramref name="count"/> new recipients, all pending.</summary>
    public static CampaignCounts Added(this CampaignCounts counts, int count) =>
        counts with { Total = counts.Total + count, Pending = counts.Pending + count };

    /// <summary>One recipient moved from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static CampaignCounts Moved(this CampaignCounts counts, RecipientStatus from, RecipientStatus to) =>
        from == to ? counts : counts.With(from, -1).With(to, +1);

    private static CampaignCounts With(this CampaignCounts counts, RecipientStatus status, int delta) => status switch
    {
        RecipientStatus.Pending => counts with { Pending = counts.Pending + delta },
        RecipientStatus.Held => counts with { Held = counts.Held + delta },
        RecipientStatus.Sending => counts with { Sending = counts.Sending + delta },
        RecipientStatus.Sent => counts with { Sent = counts.Sent + delta },
        RecipientStatus.Delivered => counts with { Delivered = counts.Delivered + delta },
        RecipientStatus.Failed => counts with { Failed = counts.Failed + delta },
        RecipientStatus.Skipped => counts with { Skipped = counts.Skipped + delta },
        _ => counts with { Cancelled = counts.Cancelled + delta },
    };

    /// <summary>The sum the contract promises equals the total.</summary>
    public static int Partitioned(this CampaignCounts c) =>
        c.Pending + c.Held + c.Sending + c.Sent + c.Delivered + c.Failed + c.Skipped + c.Cancelled;
}
