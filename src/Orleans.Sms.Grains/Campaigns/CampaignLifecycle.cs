using Orleans.Sms.Errors;

namespace Orleans.Sms.Campaigns;

/// <summary>What a lifecycle request does (docs/api.md: Campaigns).</summary>
public enum CampaignCommand
{
    Start,
    Pause,
    Resume,
    Cancel,
}

/// <summary>
/// The lifecycle rules of a campaign as a plain type: which request moves which status where, and when a running
/// campaign is complete. A request for the status it already has changes nothing (and is not an error).
/// </summary>
public static class CampaignLifecycle
{
    /// <summary>
    /// The status <paramref name="command"/> leads to from <paramref name="current"/>: the same status for "no change", or
    /// <c>invalid_campaign_state</c>. Start and resume go to <c>scheduled</c> while <paramref name="sendAt"/> is ahead.
    /// </summary>
    public static SmsResult<CampaignStatus> Next(CampaignStatus current, CampaignCommand command, DateTimeOffset? sendAt, DateTimeOffset now)
    {
        var going = sendAt > now ? CampaignStatus.Scheduled : CampaignStatus.Running;
        CampaignStatus? next = (command, current) switch
        {
            (CampaignCommand.Start, CampaignStatus.Draft) => going,
            (CampaignCommand.Start, CampaignStatus.Scheduled or CampaignStatus.Running) => current,
            (CampaignCommand.Pause, CampaignStatus.Scheduled or CampaignStatus.Running or CampaignStatus.Paused) => CampaignStatus.Paused,
            (CampaignCommand.Resume, CampaignStatus.Paused) => going,
            (CampaignCommand.Resume, CampaignStatus.Scheduled or CampaignStatus.Running) => current,
            (CampaignCommand.Cancel, not CampaignStatus.Completed) => CampaignStatus.Cancelled,
            _ => null,
        };
        return next is { } status
            ? SmsResult<CampaignStatus>.Ok(status)
            : SmsResult<CampaignStatus>.Fail(SmsErrorCodes.InvalidCampaignState,
                $"A {Name(current)} campaign cannot be {Past(command)}.");
    }

    /// <summary>Recipients may be added until the campaign is completed or cancelled.</summary>
    public static SmsError? MayAddRecipients(CampaignStatus current) =>
        current is CampaignStatus.Completed or CampaignStatus.Cancelled
            ? new SmsError(SmsErrorCodes.InvalidCampaignState, $"Recipients cannot be added to a {Name(current)} campaign.")
            : null;

    /// <summary>Only a draft may be deleted.</summary>
    public static SmsError? MayDelete(CampaignStatus current) =>
        current == CampaignStatus.Draft
            ? null
            : new SmsError(SmsErrorCodes.InvalidCampaignState, $"Only a draft can be deleted; this campaign is {Name(current)}.");

    /// <summary>A running campaign is complete when no recipient is pending, held or sending.</summary>
    public static bool IsComplete(CampaignStatus current, CampaignCounts counts) =>
        current == CampaignStatus.Running && counts.Pending + counts.Held + counts.Sending == 0;

    /// <summary>Whether the campaign holds on to its use case (deleting it is refused meanwhile).</summary>
    public static bool UsesItsUseCase(CampaignStatus current) =>
        current is CampaignStatus.Scheduled or CampaignStatus.Running or CampaignStatus.Paused;

    private static string Name(CampaignStatus status) => status.ToString().ToLowerInvariant();

    private static string Past(CampaignCommand command) => command switch
    {
        CampaignCommand.Start => "started",
        CampaignCommand.Pause => "paused",
        CampaignCommand.Resume => "resumed",
        _ => "cancelled",
    };
}
