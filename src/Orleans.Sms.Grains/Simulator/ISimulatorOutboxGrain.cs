using Orleans.Sms.Conversations;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Simulator;

/// <summary>
/// What the simulator provider "sent" for one tenant in one environment, newest last; bounded. Keyed by <see cref="KeyFor"/>:
/// environments are walls (docs/api.md: Boundaries), so a sandbox key never reads what live sent.
/// </summary>
[Alias("sms.ISimulatorOutboxGrain")]
public interface ISimulatorOutboxGrain : IGrainWithStringKey
{
    /// <summary>Records a message the engine would have sent.</summary>
    [Alias("AppendAsync")]
    Task AppendAsync(OutboxEntry entry);

    /// <summary>The recorded messages, newest last, optionally only those to one number.</summary>
    [Alias("ListAsync"), ReadOnly]
    Task<IReadOnlyList<OutboxEntry>> ListAsync(string? to);

    /// <summary>The grain key of the outbox of <paramref name="owner"/> (the tenant in one environment).</summary>
    public static string KeyFor(ResourceOwner owner) => $"{owner.TenantId}|{owner.Environment}";
}

/// <summary>One message in the simulator's outbox.</summary>
/// <param name="MessageSid">The simulated provider id.</param>
/// <param name="From">Agent number.</param>
/// <param name="To">Customer number.</param>
/// <param name="Body">Text.</param>
/// <param name="Segments">SMS segments.</param>
/// <param name="Encoding">GSM-7 or UCS-2.</param>
/// <param name="CreatedAt">When it was "sent".</param>
[GenerateSerializer, Immutable, Alias("sms.OutboxEntry")]
public sealed record class OutboxEntry(
    [property: Id(0)] string MessageSid,
    [property: Id(1)] string From,
    [property: Id(2)] string To,
    [property: Id(3)] string Body,
    [property: Id(4)] int Segments,
    [property: Id(5)] SmsEncoding Encoding,
    [property: Id(6)] DateTimeOffset CreatedAt);
