using Orleans.Sms.Conversations;
using Orleans.Sms.Numbers;
using Orleans.Sms.Providers;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Simulator;

/// <summary>
/// The embedded default provider: records what would have been sent in the outbox of the sender number's owner (the
/// tenant in the number's environment), never sends.
/// </summary>
internal sealed class SimulatorSender(IGrainFactory grains, [FromKeyedServices(SmsClock.Key)] TimeProvider clock) : ISmsSender
{
    public async Task<SendReceipt> SendAsync(OutboundSms sms, CancellationToken cancellationToken)
    {
        var sid = SimulatorIds.MessageSid();
        await grains.GetGrain<ISimulatorOutboxGrain>(ISimulatorOutboxGrain.KeyFor(await OwnerAsync(sms))).AppendAsync(new OutboxEntry(
            sid, sms.From, sms.To, sms.Body, sms.Count.Segments, sms.Count.Encoding, clock.GetUtcNow()));
        return new SendReceipt(sid, DeliveryStatus.Sent);
    }

    /// <summary>
    /// Whose outbox the message goes to. <see cref="OutboundSms"/> names the tenant only; the environment is the From
    /// number's (one read per simulated send). A number no longer the tenant's files it under no environment: no key reads it.
    /// </summary>
    private async Task<ResourceOwner> OwnerAsync(OutboundSms sms) =>
        await grains.GetGrain<IPhoneNumberGrain>(sms.From).GetAsync() is { } number && number.TenantId == sms.TenantId
            ? number.Owner
            : new ResourceOwner(sms.TenantId, "");

    public async Task<IReadOnlyList<SendReceipt>> FindAsync(OutboundSms sms, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var sent = await grains.GetGrain<ISimulatorOutboxGrain>(ISimulatorOutboxGrain.KeyFor(await OwnerAsync(sms))).ListAsync(sms.To);
        return [.. sent.Where(e => e.From == sms.From && e.Body == sms.Body && e.CreatedAt >= since)
            .Select(e => new SendReceipt(e.MessageSid, DeliveryStatus.Sent))];
    }
}

/// <summary>Ids in Twilio's shape for simulated messages.</summary>
public static class SimulatorIds
{
    public static string MessageSid() => "SM" + Guid.NewGuid().ToString("N");
}
