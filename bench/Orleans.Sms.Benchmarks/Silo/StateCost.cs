using System.Diagnostics;
using Orleans.Sms.Conversations;
using Orleans.Sms.Numbers;
using Orleans.Storage;

namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>
/// What one grain-state write of a busy conversation costs in serialization alone, with the storage serializer the silo
/// uses today and with Orleans' binary one; and whether a state holding a one-message pending turn survives the round trip.
/// </summary>
internal static class StateCost
{
    public sealed record class Cost(string Serializer, int Bytes, double WriteMicros, double WriteKb, double ReadMicros, string RoundTrip, string NumberRoundTrip);

    public static IReadOnlyList<Cost> Measure(IServiceProvider services, int iterations)
    {
        var current = services.GetRequiredService<IGrainStorageSerializer>();
        var binary = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
        return [Measure(current, iterations), Measure(binary, iterations)];
    }

    /// <summary>A conversation in steady state: the full recent window (40 messages) and 40 ids in the dedup window.</summary>
    public static ConversationState BusyConversation()
    {
        var now = DateTimeOffset.UtcNow;
        var sessionId = "ses_" + Guid.CreateVersion7().ToString("N");
        var state = new ConversationState
        {
            TenantId = "ten_" + Guid.NewGuid().ToString("N"),
            AgentNumber = "+16462000001",
            CustomerNumber = "+14153000001",
            UseCaseId = "uc_" + Guid.NewGuid().ToString("N"),
            Environment = "live",
            Session = new SessionRecord { SessionId = sessionId, StartedAt = now, LastActivityAt = now, Engaged = true },
            ReminderDueAt = now.AddHours(24),
        };
        for (var i = 0; i < ConversationState.RecentCapacity; i++)
        {
            var inbound = i % 2 == 0;
            var providerId = "SM" + Guid.NewGuid().ToString("N");
            var message = new SmsMessage(
                "msg_" + Guid.NewGuid().ToString("N"), sessionId,
                inbound ? MessageDirection.Inbound : MessageDirection.Outbound,
                inbound ? MessageRole.User : MessageRole.Agent,
                inbound ? MessageSource.Inbound : MessageSource.SmsAgent,
                inbound ? "Hi! Could we move my appointment to Thursday afternoon? Thanks" : "Of course: Thursday at 3pm is free. Shall I book it?",
                now.AddSeconds(i), 1, SmsEncoding.Gsm7, providerId, inbound ? DeliveryStatus.Received : DeliveryStatus.Delivered, null, []);
            state.Recent.Add(message);
            if (inbound)
            {
                state.Dedup.Seen[providerId] = new SeenMessage(message.MessageId, sessionId, now.AddSeconds(i));
                state.Dedup.Seen["SM" + Guid.NewGuid().ToString("N")] = new SeenMessage("msg_" + Guid.NewGuid().ToString("N"), sessionId, now.AddSeconds(i));
            }
        }
        state.Listed = new ConversationSummary("conv_" + Guid.NewGuid().ToString("N"), state.TenantId, state.Environment, state.UseCaseId,
            state.AgentNumber, state.CustomerNumber, state.Status, state.AgentMode, SessionState.Active, now);
        return state;
    }

    private static Cost Measure(IGrainStorageSerializer serializer, int iterations)
    {
        var state = BusyConversation();
        var data = serializer.Serialize(state);
        for (var i = 0; i < iterations; i++)
        {
            // Warm: let tiered compilation promote both paths before they are timed.
            serializer.Deserialize<ConversationState>(serializer.Serialize(state));
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            data = serializer.Serialize(state);
        }
        var write = watch.Elapsed;
        var writeBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        watch.Restart();
        for (var i = 0; i < iterations; i++)
        {
            serializer.Deserialize<ConversationState>(data);
        }
        var read = watch.Elapsed;
        return new Cost(serializer.GetType().Name, data.Length, write.TotalMicroseconds / iterations, writeBytes / 1024.0 / iterations,
            read.TotalMicroseconds / iterations, RoundTrip(serializer), NumberRoundTrip(serializer));
    }

    /// <summary>A number registered as the host's dev seed registers it: capabilities <c>["sms", "voice"]</c>, a collection expression.</summary>
    private static string NumberRoundTrip(IGrainStorageSerializer serializer)
    {
        var info = new PhoneNumberInfo("+15555550100", "ten_dev", new PhoneNumberRegistration(
            PhoneNumberType.Local, ["sms", "voice"], "dev", A2pCampaignId: "CMDEMO", A2pCampaignStatus: ComplianceStatus.Approved), "uc_dev_echo", true);
        return Check(() => serializer.Deserialize<PhoneNumberInfo>(serializer.Serialize(info))?.Registration.Capabilities.Count == 2);
    }

    private static string Check(Func<bool> roundTrip)
    {
        try
        {
            return roundTrip() ? "ok" : "wrong";
        }
        catch (Exception ex)
        {
            return "FAILS: " + (ex.InnerException ?? ex).Message.Split('.')[0];
        }
    }

    /// <summary>A state whose pending turn holds one message id, as an inbound message in agent mode leaves it.</summary>
    private static string RoundTrip(IGrainStorageSerializer serializer)
    {
        var state = BusyConversation();
        state.PendingTurn = new PendingAgentTurn(state.Session!.SessionId, "messages", DateTimeOffset.UtcNow, [state.Recent[^2].MessageId]);
        return Check(() => serializer.Deserialize<ConversationState>(serializer.Serialize(state))?.PendingTurn?.MessageIds.Count == 1);
    }
}
