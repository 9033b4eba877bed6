using Orleans.Sms.Campaigns;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Events;

/// <summary>
/// Where one campaign stands, pushed live to the subscribers of its owner: its tenant in its environment
/// (<see cref="ITenantEventsGrain"/>). Published when the status or pause reason changes, and when the counts moved, at most
/// a few times a second (docs/api.md, "Progress events"). A notification, not a record: <c>GET /v1/campaigns/{id}</c> is
/// the source of truth.
/// </summary>
/// <param name="CampaignId">The campaign (<c>cmp_…</c>).</param>
/// <param name="TenantId">The tenant that owns the campaign.</param>
/// <param name="Environment">The environment of the campaign (<c>dev</c>, <c>sandbox</c>, <c>live</c>): environments are walls.</param>
/// <param name="Status">The campaign's status.</param>
/// <param name="PauseReason">Why it is paused (null unless paused).</param>
/// <param name="Counts">Recipients by status, as the campaign shows them (the first eight always add up to the total).</param>
/// <param name="At">When the engine published this state; order by it where order matters.</param>
[GenerateSerializer, Immutable, Alias("sms.CampaignEvent")]
public sealed record class CampaignEvent(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Environment,
    [property: Id(3)] CampaignStatus Status,
    [property: Id(4)] PauseReason? PauseReason,
    [property: Id(5)] CampaignCounts Counts,
    [property: Id(6)] DateTimeOffset At)
{
    /// <summary>Whose event it is: the campaign's tenant in its environment.</summary>
    public ResourceOwner Owner => new(TenantId, Environment);
}
