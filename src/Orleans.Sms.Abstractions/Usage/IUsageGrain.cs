using Orleans.Sms.Tenants;

namespace Orleans.Sms.Usage;

/// <summary>
/// Usage of one tenant in one environment on one day (UTC), the raw material for billing: messages and segments in and out. Keyed by
/// <see cref="KeyFor"/>. Recording is one-way and coalesced: the grain writes its state at most every few seconds.
/// </summary>
[Alias("sms.IUsageGrain")]
public interface IUsageGrain : IGrainWithStringKey
{
    /// <summary>Adds to the day's counters; one-way, so recording never holds up a message.</summary>
    [Alias("RecordAsync"), OneWay]
    Task RecordAsync(UsageDelta delta);

    /// <summary>The day's counters so far.</summary>
    [Alias("GetAsync"), ReadOnly]
    Task<DailyUsage> GetAsync();

    /// <summary>The grain key of an owner's day: each environment counts apart (environments are walls, CONTRACT §20).</summary>
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
    [property: Id(3)] int OutboundSegments);

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
