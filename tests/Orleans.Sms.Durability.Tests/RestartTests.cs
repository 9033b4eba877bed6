using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Orleans.Sms.Durability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Sms.Durability.Tests;

/// <summary>
/// The whole engine stops and a new host starts on the same tables: everything a tenant set up or the engine
/// recorded is there again, and a session timer armed before the stop fires after the start (docs/api.md: Session lifecycle).
/// </summary>
public sealed class RestartTests(ITestOutputHelper output)
{
    private const string Warning = "Still there? This chat closes soon (restart test).";

    /// <summary>Longer than the host takes to stop, so that the timer is armed (not fired) when it goes.</summary>
    private static readonly TimeSpan WarningAfter = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Host_RestartedOnTheSameTables_LosesNothing()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var engine = new EngineConfig(azurite, AzuriteServer.NewPrefix("restart"))
            .With("Sms:Session:WarningAfter", WarningAfter)
            .With("Sms:Session:GracePeriod", GracePeriod);
        var number = SmsApi.NewNumber("646");
        var (chatty, quitter, invited, idle) =
            (SmsApi.NewNumber("917"), SmsApi.NewNumber("917"), SmsApi.NewNumber("917"), SmsApi.NewNumber("917"));

        InProcessHost? first = new(engine.ForInstance());
        InProcessHost? second = null;
        try
        {
            // Before: a tenant set up over HTTP, and four conversations in four states.
            var api = await SmsApi.CreateTenantAsync(first.CreateClient(), engine.AdminKey, "Restart Clinic");
            await api.RegisterNumberAsync(number);
            var useCaseId = await api.CreateUseCaseAsync("Reminders", SmsApi.EchoAgent, Warning);
            Assert.Equal(HttpStatusCode.Created, (await api.AssignAsync(useCaseId, number)).StatusCode);

            var chattySid = SmsApi.NewMessageSid();
            var chattyConversation = await TextAsync(api, chatty, number, "Is my appointment at 3?", chattySid);
            await OutboxCountAsync(api, chatty, 1, "the echo answer to the chatty customer");

            var quitterConversation = await TextAsync(api, quitter, number, "Who is this?", SmsApi.NewMessageSid());
            await TextAsync(api, quitter, number, "STOP", SmsApi.NewMessageSid());
            Assert.Equal("dnc", (await api.ConversationAsync(quitterConversation)).Str("status"));

            var idempotencyKey = "restart-" + Guid.NewGuid().ToString("N");
            var invitation = new { to = invited, message = "Your appointment on Friday is confirmed.", use_case_id = useCaseId };
            var firstSend = await api.OutboundAsync(invitation, idempotencyKey);
            Assert.Equal(HttpStatusCode.Created, firstSend.StatusCode);
            var firstSendBody = await firstSend.Content.ReadAsStringAsync();

            // Last: a session with an armed timer (engaged, answered, silent from now on).
            var idleConversation = await TextAsync(api, idle, number, "Can I move it to Friday?", SmsApi.NewMessageSid());
            await OutboxCountAsync(api, idle, 1, "the echo answer to the idle customer");
            var idleBefore = await api.ConversationAsync(idleConversation);
            var armedAt = idleBefore.Session().GetProperty("last_activity_at").GetDateTimeOffset();
            Assert.Equal(JsonValueKind.Null, idleBefore.Session().GetProperty("warning_sent_at").ValueKind);
            var chattyBefore = (await api.ConversationAsync(chattyConversation)).Messages();

            // The whole engine stops...
            var clock = Stopwatch.StartNew();
            await first.DisposeAsync();
            first = null;
            var stopTime = clock.Elapsed;
            Assert.True(DateTimeOffset.UtcNow < armedAt + WarningAfter,
                $"The host took {stopTime.TotalSeconds:0.0} s to stop, past the idle session's warning: raise WarningAfter to keep the timer armed across the stop.");

            // ...and a new host starts on the same tables.
            clock.Restart();
            var restartedAt = DateTimeOffset.UtcNow;
            second = new InProcessHost(engine.ForInstance());
            var again = api.On(second.CreateClient());
            await Eventually.TrueAsync(async () => (await again.GetAsync("/health/ready")).IsSuccessStatusCode, "the new host to be ready", Deadline);
            var startTime = clock.Elapsed;
            output.WriteLine($"restart: stop {stopTime.TotalSeconds:0.00} s, start to ready {startTime.TotalSeconds:0.00} s");

            // The API key, the number and the use case.
            var phone = await SmsApi.ReadAsync(await again.GetAsync($"/v1/phone-numbers/{Uri.EscapeDataString(number)}"));
            Assert.Equal(useCaseId, phone.Str("sms_use_case_id"));
            var useCase = await SmsApi.ReadAsync(await again.GetAsync($"/v1/use-cases/{useCaseId}"));
            Assert.Equal(Warning, useCase.Str("warning_message"));
            Assert.Equal([number], useCase.GetProperty("numbers").EnumerateArray().Select(n => n.GetString()));

            // The transcript is back (the chatty session may have got its warning since: messages are only added).
            var chattyAfter = (await again.ConversationAsync(chattyConversation)).Messages();
            Assert.Equal(
                chattyBefore.Select(m => (m.Str("message_id"), m.Str("direction"), m.Str("body"))),
                chattyAfter.Take(chattyBefore.Count).Select(m => (m.Str("message_id"), m.Str("direction"), m.Str("body"))));
            // The dedup window is back too: the carrier's retry of a message recorded before the stop is not a second one.
            await TextAsync(again, chatty, number, "Is my appointment at 3?", chattySid);
            Assert.Single((await again.ConversationAsync(chattyConversation)).Messages(), m => m.Str("provider_message_sid") == chattySid);

            // The opt-out stands.
            Assert.Equal("dnc", (await again.ConversationAsync(quitterConversation)).Str("status"));
            var refused = await again.OutboundAsync(new { to = quitter, message = "We miss you!", use_case_id = useCaseId });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal("recipient_opted_out", await SmsApi.ProblemCodeAsync(refused));

            // The same Idempotency-Key answers the same response and sends nothing twice.
            var secondSend = await again.OutboundAsync(invitation, idempotencyKey);
            Assert.Equal(HttpStatusCode.Created, secondSend.StatusCode);
            Assert.Equal(firstSendBody, await secondSend.Content.ReadAsStringAsync());
            Assert.Single(await again.OutboxAsync(invited));

            // The timer armed before the stop fires after the start: the warning once, then the timeout.
            var warned = await OutboxCountAsync(again, idle, 2, "the idle session's warning after the restart");
            Assert.Equal(Warning, warned[1].Str("body"));
            var warnedAt = warned[1].GetProperty("created_at").GetDateTimeOffset();
            output.WriteLine($"timer: armed for {armedAt + WarningAfter:HH:mm:ss.fff}, warning sent {warnedAt:HH:mm:ss.fff}");
            Assert.True(warnedAt > restartedAt, $"The warning went out at {warnedAt:O}, before the new host started ({restartedAt:O}).");
            var ended = await Eventually.UntilAsync(
                () => again.ConversationAsync(idleConversation),
                c => c.Session().Str("state") == "ended",
                "the idle session to time out after the warning", Deadline);
            Assert.Equal("timeout", ended.Session().Str("end_reason"));
            Assert.Single(ended.Messages(), m => m.Str("body") == Warning && m.Str("role") == "system");
            Assert.Equal(2, (await again.OutboxAsync(idle)).Count);
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

    private static async Task<string> TextAsync(SmsApi api, string from, string to, string body, string messageSid)
    {
        var response = await api.InboundAsync(from, to, body, messageSid);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await SmsApi.ReadAsync(response)).Str("conversation_id");
    }

    private static Task<IReadOnlyList<JsonElement>> OutboxCountAsync(SmsApi api, string to, int count, string what) =>
        Eventually.UntilAsync(() => api.OutboxAsync(to), sent => sent.Count >= count, what, Deadline);
}
