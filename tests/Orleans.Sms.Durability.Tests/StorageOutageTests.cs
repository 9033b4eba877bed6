using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Orleans.Sms.Conversations;
using Orleans.Sms.Durability.Tests.Infrastructure;
using Orleans.Sms.Testing.FakeTwilio;
using Xunit.Abstractions;

namespace Orleans.Sms.Durability.Tests;

/// <summary>
/// Azure Table Storage goes away for a few seconds under webhook traffic and comes back with its data: the host never
/// answers 200 for a message it did not store (docs/api.md: Twilio webhooks: 200 means recorded), readiness fails meanwhile (docs/api.md: Health, OpenAPI and other endpoints),
/// and Twilio's retries of the failed webhooks (same MessageSid) leave every message stored exactly once.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    private const int Customers = 6;

    private static readonly TimeSpan MinimumOutage = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>One webhook as the traffic first sent it: when it started and ended (test clock) and what it got.</summary>
    private sealed record class Webhook(string Sid, string Customer, Dictionary<string, string> Form, TimeSpan Start, TimeSpan End, HttpStatusCode Status);

    [Fact]
    public async Task Webhooks_DuringAStorageOutage_Answer5xxAndAreStoredOnceWhenTwilioRetries()
    {
        await using var azurite = await AzuriteServer.StartAsync(onDisk: true);
        await using var twilio = await FakeTwilioServer.StartAsync();
        var engine = TwilioWebhooks.Configure(new EngineConfig(azurite, AzuriteServer.NewPrefix("outage")), twilio);
        await using var host = new InProcessHost(engine.ForInstance());
        var http = host.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(90);

        var api = await SmsApi.CreateTenantAsync(http, engine.AdminKey, "Outage Clinic");
        var number = SmsApi.NewNumber("646");
        await api.RegisterNumberAsync(number);
        var useCaseId = await api.CreateUseCaseAsync("Reminders", SmsApi.EchoAgent);
        Assert.Equal(HttpStatusCode.Created, (await api.AssignAsync(useCaseId, number)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        var webhooks = new TwilioWebhooks(http, twilio, number);
        var customers = Enumerable.Range(0, Customers).Select(_ => SmsApi.NewNumber("917")).ToList();

        // Each customer texts one message after another; each webhook is sent once here, failed ones are retried below.
        var clock = Stopwatch.StartNew();
        var sent = new ConcurrentQueue<Webhook>();
        using var stop = new CancellationTokenSource();
        var traffic = Task.WhenAll(customers.Select(customer => Task.Run(async () =>
        {
            for (var k = 1; !stop.IsCancellationRequested; k++)
            {
                var sid = SmsApi.NewMessageSid();
                var form = webhooks.InboundForm(customer, $"Message {k}", sid);
                var start = clock.Elapsed;
                using var response = await webhooks.PostAsync(form);
                sent.Enqueue(new Webhook(sid, customer, form, start, clock.Elapsed, response.StatusCode));
                await Task.Delay(100);
            }
        })));

        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(sent.Count >= 2 * Customers), "webhooks before the outage", Deadline);
            Assert.All(sent, w => Assert.Equal(HttpStatusCode.OK, w.Status));

            // Storage goes away...
            var stopBegan = clock.Elapsed;
            await azurite.StopAsync();
            var stopped = clock.Elapsed;
            await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
                "/health/ready to fail while storage is down", Deadline);
            var notReady = clock.Elapsed;
            await Eventually.TrueAsync(
                () => Task.FromResult(clock.Elapsed - stopped > MinimumOutage && sent.Count(w => w.Start >= stopped && w.Status != HttpStatusCode.OK) >= Customers / 2),
                "webhooks sent into the outage to be answered", Deadline);

            // ...and comes back with its data, on the same port.
            var restartBegan = clock.Elapsed;
            await azurite.RestartAsync();
            await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, "/health/ready after the outage", Deadline);
            var readyAgain = clock.Elapsed;
            await stop.CancelAsync();
            await traffic;

            // A webhook sent while storage was down is refused as a server error (Twilio retries those), never 200.
            var intoTheOutage = sent.Where(w => w.Start >= stopped && w.End <= restartBegan).ToList();
            Assert.NotEmpty(intoTheOutage);
            Assert.All(intoTheOutage, w => Assert.True((int)w.Status >= 500, $"{w.Sid} was answered {(int)w.Status} while storage was down"));
            // Any other refusal was a server error too, and only around the outage.
            var failed = sent.Where(w => w.Status != HttpStatusCode.OK).ToList();
            Assert.All(failed, w => Assert.True((int)w.Status >= 500, $"{w.Sid} was answered {(int)w.Status}: Twilio never retries a 4xx"));
            Assert.All(failed, w => Assert.True(w.End >= stopBegan && w.Start <= readyAgain, $"{w.Sid} failed although storage was up"));

            // Twilio retries every failed webhook with the same MessageSid until it is accepted.
            var retries = 0;
            foreach (var webhook in failed)
            {
                await Eventually.TrueAsync(async () =>
                {
                    retries++;
                    using var response = await webhooks.PostAsync(webhook.Form);
                    return response.StatusCode == HttpStatusCode.OK;
                }, $"the retry of {webhook.Sid} to be accepted", Deadline);
            }
            var around = sent.Where(w => w.End >= stopBegan && w.Start <= readyAgain).ToList();
            output.WriteLine(
                $"storage down {(restartBegan - stopBegan).TotalSeconds:0.0} s; /health/ready failed {(notReady - stopBegan).TotalSeconds:0.0} s " +
                $"after the stop and was healthy {(readyAgain - restartBegan).TotalSeconds:0.0} s after the restart. {sent.Count} webhooks, " +
                $"{around.Count} in flight during the outage: {failed.Count} answered " +
                $"{string.Join(", ", failed.GroupBy(w => (int)w.Status).Select(g => $"{g.Count()} × {g.Key}"))} " +
                $"(after {failed.Min(w => w.End - w.Start).TotalSeconds:0.0}–{failed.Max(w => w.End - w.Start).TotalSeconds:0.0} s), " +
                $"{around.Count - failed.Count} answered 200 (in flight across the stop or the restart); {retries} retries until all were accepted");

            // Every message, whatever it was first answered, is stored exactly once.
            foreach (var customer in customers)
            {
                var conversation = await api.ConversationAsync(ConversationId.For(number, customer));
                var recorded = conversation.Messages().Where(m => m.Str("direction") == "inbound").Select(m => m.Str("provider_message_sid")).Order();
                Assert.Equal(sent.Where(w => w.Customer == customer).Select(w => w.Sid).Order(), recorded);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await traffic;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The traffic ends with the test; its failures are not the test's outcome.
            }
        }
    }
}
