namespace Orleans.Sms.Campaigns;

/// <summary>Where a campaign is in its life (docs/api.md: Campaigns).</summary>
[GenerateSerializer]
public enum CampaignStatus
{
    /// <summary>Created; recipients may be added; nothing is sent.</summary>
    Draft,
    /// <summary>Started, waiting for <c>send_at</c>.</summary>
    Scheduled,
    /// <summary>Sending.</summary>
    Running,
    /// <summary>Stopped by a person or by auto-pause; resumable.</summary>
    Paused,
    /// <summary>No recipient is pending, held or sending.</summary>
    Completed,
    /// <summary>Stopped for good; pending and held recipients were cancelled.</summary>
    Cancelled,
}

/// <summary>Why a campaign is paused.</summary>
[GenerateSerializer]
public enum PauseReason
{
    /// <summary>A person paused it.</summary>
    Manual,
    /// <summary>Too many recipients opted out over the auto-pause window.</summary>
    OptOutRate,
    /// <summary>Too many sends failed over the auto-pause window.</summary>
    FailureRate,
}

/// <summary>When a campaign pauses itself (docs/api.md: Campaigns): shares over the last <paramref name="Window"/> sent messages.</summary>
/// <param name="OptOutRate">Pause when the share of recipients who opted out exceeds this (0–1).</param>
/// <param name="FailureRate">Pause when the share of sends that failed exceeds this (0–1).</param>
/// <param name="Window">How many of the latest sent messages are looked at; nothing is judged before that many were sent.</param>
[GenerateSerializer, Immutable, Alias("sms.AutoPauseSettings")]
public sealed record class AutoPauseSettings(
    [property: Id(0)] double OptOutRate,
    [property: Id(1)] double FailureRate,
    [property: Id(2)] int Window)
{
    /// <summary>5 % opt-outs or 10 % failures over 100 messages.</summary>
    public static AutoPauseSettings Default { get; } = new(0.05, 0.10, 100);
}

/// <summary>A campaign's recipients by status; the first eight always add up to <see cref="Total"/>.</summary>
[GenerateSerializer, Alias("sms.CampaignCounts")]
public sealed record class CampaignCounts
{
    /// <summary>All recipients.</summary>
    [Id(0)] public int Total { get; init; }
    /// <summary>Waiting for their turn.</summary>
    [Id(1)] public int Pending { get; init; }
    /// <summary>Held by quiet hours.</summary>
    [Id(2)] public int Held { get; init; }
    /// <summary>In flight.</summary>
    [Id(3)] public int Sending { get; init; }
    /// <summary>Taken by the provider.</summary>
    [Id(4)] public int Sent { get; init; }
    /// <summary>Delivered by the carrier.</summary>
    [Id(5)] public int Delivered { get; init; }
    /// <summary>Refused, undelivered or unconfirmed.</summary>
    [Id(6)] public int Failed { get; init; }
    /// <summary>Not sent (opted out, a missing variable, a text too long).</summary>
    [Id(7)] public int Skipped { get; init; }
    /// <summary>Cancelled with the campaign.</summary>
    [Id(8)] public int Cancelled { get; init; }
    /// <summary>Recipients who wrote back after the campaign's message (not an opt-out or opt-in keyword).</summary>
    [Id(9)] public int Replied { get; init; }
    /// <summary>Recipients who opted out after the campaign's message.</summary>
    [Id(10)] public int OptedOut { get; init; }
}

/// <summary>What the API shows of a campaign (docs/api.md: Campaigns).</summary>
/// <param name="CampaignId">Opaque id (<c>cmp_…</c>).</param>
/// <param name="Name">Name.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="PauseReason">Why it is paused (null unless paused).</param>
/// <param name="UseCaseId">The sms use case it sends for.</param>
/// <param name="Message">The message template.</param>
/// <param name="WorkflowId">The workflow each recipient runs (instead of a message).</param>
/// <param name="SendAt">When a started campaign begins sending.</param>
/// <param name="QuietHours">The recipients' local window.</param>
/// <param name="MaxPerSecond">The campaign's own cap in messages per second (null: none).</param>
/// <param name="AutoPause">When it pauses itself.</param>
/// <param name="Counts">Recipients by status.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="StartedAt">When it was started.</param>
/// <param name="CompletedAt">When it completed.</param>
[GenerateSerializer, Immutable, Alias("sms.CampaignView")]
public sealed record class CampaignView(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string Name,
    [property: Id(2)] CampaignStatus Status,
    [property: Id(3)] PauseReason? PauseReason,
    [property: Id(4)] string UseCaseId,
    [property: Id(5)] string? Message,
    [property: Id(6)] string? WorkflowId,
    [property: Id(7)] DateTimeOffset? SendAt,
    [property: Id(8)] QuietHoursSettings QuietHours,
    [property: Id(9)] double? MaxPerSecond,
    [property: Id(10)] AutoPauseSettings AutoPause,
    [property: Id(11)] CampaignCounts Counts,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset? StartedAt,
    [property: Id(14)] DateTimeOffset? CompletedAt);

/// <summary>A new campaign, as validated by the API (docs/api.md: Campaigns); the members mean what <see cref="CampaignView"/>'s do.</summary>
/// <param name="Name">Name.</param>
/// <param name="UseCaseId">The sms use case (resolved by the API).</param>
/// <param name="Message">The message template.</param>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="SendAt">When to begin sending.</param>
/// <param name="QuietHours">The recipients' local window.</param>
/// <param name="MaxPerSecond">The campaign's own cap.</param>
/// <param name="AutoPause">When it pauses itself.</param>
[GenerateSerializer, Immutable, Alias("sms.CampaignDraft")]
public sealed record class CampaignDraft(
    [property: Id(0)] string Name,
    [property: Id(1)] string? UseCaseId,
    [property: Id(2)] string? Message,
    [property: Id(3)] string? WorkflowId,
    [property: Id(4)] DateTimeOffset? SendAt,
    [property: Id(5)] QuietHoursSettings QuietHours,
    [property: Id(6)] double? MaxPerSecond,
    [property: Id(7)] AutoPauseSettings AutoPause);
