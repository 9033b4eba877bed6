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
}

/// <summary>Ids in Twilio's shape for simulated messages.</summary>
public static class SimulatorIds
{
    public static string MessageSid() => "SM" + Guid.NewGuid().ToString("N");
}
