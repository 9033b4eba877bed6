using Microsoft.Extensions.Options;

namespace Orleans.Sms.Campaigns;

/// <summary>How campaigns run (<c>Sms:Campaigns</c>; README.md: Configuration).</summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Sms:Campaigns";

    /// <summary>The largest <see cref="BatchSize"/>: a step's recipients are read, decided and journaled in grain state at once.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>
    /// Recipients decided and sent per step of a campaign (one state write before and one after each step); a step starts
    /// while the last one's messages are still with the provider, so up to twice this many are in flight.
    /// </summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// The longest a waiting campaign sleeps before it looks at the engine's clock again (held recipients, <c>send_at</c>,
    /// an empty pool). Its timers wait in real time; this bounds how late they are when the engine's clock is another.
    /// </summary>
    public TimeSpan RecheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>A batch of none would never send (every campaign would stall), and a recheck of zero would spin.</summary>
internal sealed class CampaignOptionsValidator : IValidateOptions<CampaignOptions>
{
    public ValidateOptionsResult Validate(string? name, CampaignOptions options)
    {
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > CampaignOptions.MaxBatchSize)
        {
            failures.Add($"{CampaignOptions.SectionName}:BatchSize must be from 1 to {CampaignOptions.MaxBatchSize} (got '{options.BatchSize}').");
        }
        OptionChecks.Positive(failures, $"{CampaignOptions.SectionName}:RecheckEvery", options.RecheckEvery);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
