namespace Orleans.Sms.Campaigns;

/// <summary>How campaigns run (<c>Sms:Campaigns</c>).</summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Sms:Campaigns";

    /// <summary>Recipients decided and sent per step of a campaign (one state write before and one after each step).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// The longest a waiting campaign sleeps before it looks at the engine's clock again (held recipients, <c>send_at</c>,
    /// an empty pool). Its timers wait in real time; this bounds how late they are when the engine's clock is another.
    /// </summary>
    public TimeSpan RecheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}
