using Orleans.Sms.Tenants;

namespace Orleans.Sms.Usage;

/// <summary>
/// Usage of one tenant in one environment on one day (UTC), the raw material for billing: messages and segments in and out.
/// Keyed by <see cref="KeyFor"/>. The engine counts through <see cref="ApplyAsync"/>: durable and idempotent, so a silo lost
/// on either side loses nothing and counts nothing twice.
/// </summary>
[Alias("sms.IUsageGrain")]
public interface IUsageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds <see cref="UsageEntry.Delta"/> once per (<see cref="UsageEntry.Source"/>, <see cref="UsageEntry.Sequence"/>)
    /// and returns when it is durable. A source sends its entries in increasing sequence; a repeat (a retry after a
    /// lost answer) is not counted again.
    /// </summary>
    [Alias("ApplyAsync")]
    Task ApplyAsync(UsageEntry entry);

    /// <summary>The day's counters so far.</summary>
    [Alias("GetAsync"), ReadOnly]
    Task<DailyUsage> GetAsync();

    /// <summary>The grain key of an owner's day: each environment counts apart (environments are walls, docs/api.md: Boundaries).</summary>
    public static string KeyFor(ResourceOwner owner, DateOnly day) => $"{owner.TenantId}|{owner.Environment}|{day:yyyy-MM-dd}";
}

/// <summary>What one message adds to the counters.</summary>
/// <param name="InboundMessages">Inbound messages.</param>
/// <param name="InboundSegments">Their segments.</param>
/// <param name="OutboundMessages">Outbound messages handed to the provider.</param>
/// <param name="OutboundSegments">Their segments.</param>
[GenerateSerializer, Immutable, Alias("sms.UsageDelta")]
public sealed record class UsageDelta(
    [property: Id(0)] int InboundMessages,
    [property: Id(1)] int InboundSegments,
    [property: Id(2)] int OutboundMessages,
    [property: Id(3)] int OutboundSegments)
{
    /// <summary>Both counts added up.</summary>
    public static UsageDelta operator +(UsageDelta a, UsageDelta b) => new(
        a.InboundMessages + b.InboundMessages, a.InboundSegments + b.InboundSegments,
        a.OutboundMessages + b.OutboundMessages, a.OutboundSegments + b.OutboundSegments);
}

/// <summary>Usage owed by one source (a conversation), numbered so that a repeat is recognised.</summary>
/// <param name="Source">The counting source, e.g. the conversation id.</param>
/// <param name="Sequence">Increasing per source.</param>
/// <param name="Delta">What it adds.</param>
[GenerateSerializer, Immutable, Alias("sms.UsageEntry")]
public sealed record class UsageEntry(
    [property: Id(0)] string Source,
    [property: Id(1)] long Sequence,
    [property: Id(2)] UsageDelta Delta);

/// <summary>A tenant's usage in one environment on one day.</summary>
/// <param name="Date">The day (UTC).</param>
/// <param name="InboundMessages">Inbound messages.</param>
/// <param name="InboundSegments">Inbound segments.</param>
/// <param name="OutboundMessages">Outbound messages handed to the provider.</param>
/// <param name="OutboundSegments">Outbound segments.</param>
[GenerateSerializer, Immutable, Alias("sms.DailyUsage")]
public sealed record class DailyUsage(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] long InboundMessages,
    [property: Id(2)] long InboundSegments,
    [property: Id(3)] long OutboundMessages,
    [property: Id(4)] long OutboundSegments);
