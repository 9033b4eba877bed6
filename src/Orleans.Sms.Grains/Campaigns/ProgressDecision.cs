using Orleans.Sms.Events;

namespace Orleans.Sms.Campaigns;

/// <summary>What <see cref="CampaignProgress.Note"/> asks of the grain.</summary>
/// <param name="Publish">The event to publish now, if any.</param>
/// <param name="FlushIn">When to flush the counts that moved (from now), if a flush came due.</param>
public readonly record struct ProgressDecision(CampaignEvent? Publish, TimeSpan? FlushIn)
{
    /// <summary>Nothing to do.</summary>
    public static ProgressDecision None => default;
}
