using System.Net;
using Orleans.Sms.Durability.Tests.Infrastructure;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Durability.Tests;

/// <summary>
/// docs/api.md: Sending, "the same Idempotency-Key again → the same response, nothing sent twice", when the first request
/// sent its message and then died before its response was written: the write of the key's response is lost, the host
/// goes away, and the caller retries on a host started again on the same tables.
/// </summary>
public sealed class IdempotentSendTests
{
    [Fact]
    public Task Retry_AfterTheFirstSentAndDiedBeforeItsResponseWasWritten_AnswersTheSameMessageAndSendsNothing() =>
        RetryAsync(poolChanges: false);

    /// <summary>
    /// The pool changes between the attempts (the first sender leaves it, another number joins): the retry still asks the
    /// conversation the first attempt reached, which answers it, instead of choosing a sender again and sending from it.
    /// </summary>
    [Fact]
    public Task Retry_AfterThePoolChanged_GoesToTheSenderTheFirstAttemptChoseAndSendsNothing() =>
        RetryAsync(poolChanges: true);

    private static async Task RetryAsync(bool poolChanges)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var twilio = await FakeTwilioServer.StartAsync();
        var engine = TwilioWebhooks.Configure(new EngineConfig(azurite, AzuriteServer.NewPrefix("idem")), twilio);
        var (number, customer) = (SmsApi.NewNumber("646"), SmsApi.NewNumber("917"));
        var idempotencyKey = "lab-results-" + Guid.NewGuid().ToString("N");
        var slot = new LostWriteGrainStorageSlot();
        // Lost: the key's first write once Twilio holds the message (the one that records the response).
        var first = new InProcessHost(engine.ForInstance(), services => LostWriteGrainStorage.Install(
            services, slot, key => key.EndsWith("|" + idempotencyKey, StringComparison.Ordinal),
            armed: () => twilio.Messages.Any(m => m.To == customer)));
        InProcessHost? second = null;
        try
        {
            var api = await SmsApi.CreateTenantAsync(first.CreateClient(), engine.AdminKey, "Idempotent Clinic");
            await api.RegisterNumberAsync(number);
            var useCaseId = await api.CreateUseCaseAsync("Reminders", SmsApi.EchoAgent);
            Assert.Equal(HttpStatusCode.Created, (await api.AssignAsync(useCaseId, number)).StatusCode);
            var request = new { to = customer, message = "Your lab results are ready.", use_case_id = useCaseId };

            var failed = await api.OutboundAsync(request, idempotencyKey);
            Assert.True((int)failed.StatusCode >= 500, $"The first request answered {(int)failed.StatusCode}; the write of its response failed.");
            await slot.Storage!.Lost;
            var taken = Assert.Single(twilio.Messages, m => m.To == customer);
            await first.DisposeAsync();
            first = null;

            second = new InProcessHost(engine.ForInstance());
            var again = api.On(second.CreateClient());
            if (poolChanges)
            {
                var replacement = SmsApi.NewNumber("646");
                await again.RegisterNumberAsync(replacement);
                Assert.Equal(HttpStatusCode.Created, (await again.AssignAsync(useCaseId, replacement)).StatusCode);
                Assert.True((await again.UnassignAsync(useCaseId, number)).IsSuccessStatusCode);
            }
            var retried = await again.OutboundAsync(request, idempotencyKey);
            var repeated = await again.OutboundAsync(request, idempotencyKey);

            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
            var body = await SmsApi.ReadAsync(retried);
            Assert.Equal(await retried.Content.ReadAsStringAsync(), await repeated.Content.ReadAsStringAsync());
            Assert.Equal(taken, Assert.Single(twilio.Messages, m => m.To == customer)); // nothing sent twice
            var conversation = await again.ConversationAsync(body.Str("conversation_id"));
            var message = Assert.Single(conversation.Messages());
            Assert.Equal(body.Str("message_id"), message.Str("message_id"));
            // Another request under the same key is still refused.
            var other = await again.OutboundAsync(new { to = customer, message = "Something else.", use_case_id = useCaseId }, idempotencyKey);
            Assert.Equal("idempotency_key_reused", await SmsApi.ProblemCodeAsync(other));
        }
        finally
        {
            if (first is not null)
            {
                await first.DisposeAsync();
            }
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }
}
