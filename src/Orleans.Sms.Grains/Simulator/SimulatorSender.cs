using Orleans.Sms.Conversations;
using Orleans.Sms.Providers;

namespace Orleans.Sms.Simulator;

/// <summary>The embedded default provider: records what would have been sent in the tenant's outbox, never sends.</summary>
internal sealed class SimulatorSender(IGrainFactory grains, [FromKeyedServices(SmsClock.Key)] TimeProvider clock) : ISmsSender
{
    public async Task<SendReceipt> SendAsync(OutboundSms sms, CancellationToken cancellationToken)
    {
        var sid = SimulatorIds.MessageSid();
        await grains.GetGrain<ISimulatorOutboxGrain>(sms.TenantId).AppendAsync(new OutboxEntry(
            sid, sms.From, sms.To, sms.Body, sms.Count.Segments, sms.Count.Encoding, clock.GetUtcNow()));
        return new SendReceipt(sid, DeliveryStatus.Sent);
    }

    public async Task<IReadOnlyList<SendReceipt>> FindAsync(OutboundSms sms, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var sent = await grains.GetGrain<ISimulatorOutboxGrain>(sms.TenantId).ListAsync(sms.To);
        return [.. sent.Where(e => e.From == sms.From && e.Body == sms.Body && e.CreatedAt >= since)
            .Select(e => new SendReceipt(e.MessageSid, DeliveryStatus.Sent))];
    }
}

/// <summary>Ids in Twilio's shape for simulated messages.</summary>
public static class SimulatorIds
{
    public static string MessageSid() => "SM" + Guid.NewGuid().ToString("N");
}
