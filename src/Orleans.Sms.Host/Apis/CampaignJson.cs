using System.Globalization;
using Orleans.Sms.Campaigns;

namespace Orleans.Sms.Host.Apis;

/// <summary>A campaign as the API shows it (docs/api.md: Campaigns): <see cref="CampaignView"/> with quiet hours spelled <c>HH:mm</c>.</summary>
public sealed record class CampaignJson(
    string CampaignId, string Name, CampaignStatus Status, PauseReason? PauseReason, string UseCaseId, string? Message, string? WorkflowId,
    DateTimeOffset? SendAt, QuietHoursJson QuietHours, double? MaxPerSecond, AutoPauseSettings AutoPause, CampaignCounts Counts,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt)
{
    public static CampaignJson From(CampaignView v) => new(
        v.CampaignId, v.Name, v.Status, v.PauseReason, v.UseCaseId, v.Message, v.WorkflowId, v.SendAt, QuietHoursJson.From(v.QuietHours),
        v.MaxPerSecond, v.AutoPause, v.Counts, v.CreatedAt, v.StartedAt, v.CompletedAt);
}

/// <summary>Quiet hours as a request gives them.</summary>
public sealed record class QuietHoursJson(bool Enabled, string Start, string End, string TimeZone)
{
    public static QuietHoursJson From(QuietHoursSettings s) => new(
        s.Enabled, s.Start.ToString("HH:mm", CultureInfo.InvariantCulture), s.End.ToString("HH:mm", CultureInfo.InvariantCulture), s.TimeZone);
}
