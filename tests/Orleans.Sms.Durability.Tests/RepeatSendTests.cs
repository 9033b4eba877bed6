using System.Net;
using Orleans.Sms.Conversations;
using Orleans.Sms.Durability.Tests.Infrastructure;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Durability.Tests;

/// <summary>
/// docs/api.md: Boundaries, "never sent twice", for a repeat: Twilio did not take a send (503), the conversation sends it
/// again, Twilio takes the repeat, and the state write that records Twilio's answer is lost (the process died, storage
/// refused it). The next activation must look the message up and find it, not send it a third time.
/// </summary>
public sealed class RepeatSendTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Repeat_TakenButItsAnswerNeverWritten_IsLookedUpAndNotSentAgain()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var twilio = await FakeTwilioServer.StartAsync();
        var engine = TwilioWebhooks.Configure(new EngineConfig(azurite, AzuriteServer.NewPrefix("repeat")), twilio);
        var (number, customer) = (SmsApi.NewNumber("646"), SmsApi.NewNumber("917"));
        var slot = new LostWriteGrainStorageSlot();
        // Lost: the conversation's first write once Twilio holds a message for the customer (the one that records its answer).
        await using var host = new InProcessHost(engine.ForInstance(), services => LostWriteGrainStorage.Install(
            services, slot, key => key == ConversationId.For(number, customer), armed: () => twilio.Messages.Any(m => m.To == customer)));
        var api = await SmsApi.CreateTenantAsync(host.CreateClient(), engine.AdminKey, "Repeat Clinic");
        await api.RegisterNumberAsync(number);
        var useCaseId = await api.CreateUseCaseAsync("Reminders", SmsApi.EchoAgent);
        Assert.Equal(HttpStatusCode.Created, (await api.AssignAsync(useCaseId, number)).StatusCode);
        // The first send and the HTTP pipeline's 3 retries answer 503: not taken, so the conversation repeats it a second later.
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ServerError(503), times: 4, to: customer);

        var sent = await api.OutboundAsync(new { to = customer, message = "Your lab results are ready.", use_case_id = useCaseId });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var conversationId = (await SmsApi.ReadAsync(sent)).Str("conversation_id");
        await slot.Storage!.Lost.WaitAsync(Deadline);

        // The lost write dropped the activation; the next one (this read, or the reminder) settles the message.
        var message = await Eventually.UntilAsync(
            async () => (await api.ConversationAsync(conversationId)).Messages().Single(),
            m => m.GetProperty("provider_message_sid").ValueKind == System.Text.Json.JsonValueKind.String,
            "the message settled with Twilio's id", Deadline);

        var taken = Assert.Single(twilio.Messages, m => m.To == customer);
        Assert.Equal(taken.Sid, message.Str("provider_message_sid"));
        Assert.Contains(twilio.RequestsTo(FakeTwilioRoute.ListMessages), r => r.Query.GetValueOrDefault("To") == customer);
    }
}
