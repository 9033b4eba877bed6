using System.Net;
using Orleans.Sms.Conversations;
using Orleans.Sms.Durability.Tests.Infrastructure;

namespace Orleans.Sms.Durability.Tests;

/// <summary>
/// The state write that records an inbound message reaches storage, but the engine never learns it did (a timeout after
/// the commit, or a crash right after it), so the webhook fails and the carrier retries it: the retry must find the
/// message, not record it a second time (docs/api.md: Twilio webhooks: the same MessageSid again → no second record).
/// </summary>
public sealed class LostAcknowledgementTests
{
    [Fact]
    public async Task Inbound_StoredButNotAcknowledged_CarrierRetryIsStoredOnce()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var engine = new EngineConfig(azurite, AzuriteServer.NewPrefix("lostack"));
        var (number, customer, sid) = (SmsApi.NewNumber("646"), SmsApi.NewNumber("917"), SmsApi.NewMessageSid());
        await using var host = new InProcessHost(engine.ForInstance(), services =>
            LostWriteGrainStorage.Install(services, new LostWriteGrainStorageSlot(), key => key == ConversationId.For(number, customer),
                armed: () => true, committed: true));
        var api = await SmsApi.CreateTenantAsync(host.CreateClient(), engine.AdminKey, "Lost Ack Clinic");
        await api.RegisterNumberAsync(number);
        var useCaseId = await api.CreateUseCaseAsync("Reminders", SmsApi.EchoAgent);
        Assert.Equal(HttpStatusCode.Created, (await api.AssignAsync(useCaseId, number)).StatusCode);

        var first = await api.InboundAsync(customer, number, "Is my appointment at 3?", sid);
        Assert.True((int)first.StatusCode >= 500, $"The first delivery answered {(int)first.StatusCode}; its state write reported a failure.");
        var retry = await api.InboundAsync(customer, number, "Is my appointment at 3?", sid);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);

        var conversation = await api.ConversationAsync((await SmsApi.ReadAsync(retry)).Str("conversation_id"));
        var copies = conversation.Messages().Where(m => m.Str("provider_message_sid") == sid).ToList();
        Assert.True(copies.Count == 1,
            $"The message is in the transcript {copies.Count} times: {string.Join(", ", copies.Select(m => $"{m.Str("message_id")} at {m.Str("timestamp")}"))}");
    }
}
