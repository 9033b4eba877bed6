using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Durability.Tests.Infrastructure;
using Orleans.Sms.Testing.FakeTwilio;
using Xunit.Abstractions;

namespace Orleans.Sms.Durability.Tests;

/// <summary>
/// docs/api.md: Campaigns "a recipient is sent at most once, ever, and none is forgotten", through a crash: a real host process on
/// Azurite with <c>Sms:Provider=Twilio</c> (the real SDK against the fake Twilio) is killed with SIGKILL in the middle of a
/// campaign, at the worst moment: Twilio has taken a message and the host has not heard back. The other host of the
/// engine, on the same tables, finishes the campaign by itself (its heartbeat reminder, or the activation that survived;
/// nothing asks for the campaign meanwhile). The fake Twilio's record is the judge: each recipient got exactly one message.
/// </summary>
/// <remarks>
/// The second host runs from the start rather than starting after the kill: a lone new silo cannot join while the killed
/// one is still <c>Active</c> in the membership table (nobody is left to vote it dead), and waits past the host's 90 s
/// readiness timeout. With a survivor, one vote is enough (Orleans needs min(votes, half the active silos)).
/// </remarks>
public sealed class CampaignKillTests(ITestOutputHelper output)
{
    private const int Recipients = 80;

    /// <summary>The message in flight at the kill: taken by Twilio, its answer held until the sender is gone.</summary>
    private const int KilledAt = 25;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Host_KilledMidCampaign_NewHostFinishesIt_EachRecipientSentExactlyOnce()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var twilio = await FakeTwilioServer.StartAsync();
        var engine = new EngineConfig(azurite, AzuriteServer.NewPrefix("campkill"))
            .With("Sms:Provider", "Twilio")
            .With("Sms:Twilio:AccountSid", twilio.AccountSid)
            .With("Sms:Twilio:AuthToken", twilio.AuthToken)
            .With("Sms:Twilio:BaseUrl", twilio.BaseUrl)
            .With("Sms:PublicBaseUrl", "https://sms.example.com")
            .With("Sms:Twilio:RequestTimeout", TimeSpan.FromSeconds(60))
            .With("Sms:Twilio:TotalTimeout", TimeSpan.FromSeconds(90));
        var sender = SmsApi.NewNumber("312");
        var numbers = Enumerable.Range(0, Recipients).Select(_ => SmsApi.NewNumber("646")).ToArray();
        var first = HostProcess.Start("first", engine.ForInstance());
        var second = HostProcess.Start("second", engine.ForInstance());
        var passed = false;
        try
        {
            await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
            var api = await TenantAsync(first, engine.AdminKey);
            await Read(api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = sender, type = "mobile", capabilities = new[] { "sms" } }));
            var useCase = await Read(api.PostAsJsonAsync("/v1/use-cases", new { name = "Recalls", channel = "sms" }));
            var useCaseId = useCase.GetProperty("use_case_id").GetString();
            await Read(api.PostAsJsonAsync($"/v1/use-cases/{useCaseId}/numbers", new { phone_number = sender }));
            await Read(api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(sender)}", new { mps = 10 }));
            var campaign = await Read(api.PostAsJsonAsync("/v1/campaigns",
                new { name = "Recall", use_case_id = useCaseId, message = "Your annual check-up is due.", quiet_hours = new { enabled = false } }));
            var id = campaign.GetProperty("campaign_id").GetString();
            var added = await Read(api.PostAsJsonAsync($"/v1/campaigns/{id}/recipients", new { phone_numbers = numbers }));
            Assert.Equal(Recipients, added.GetProperty("added").GetInt32());

            // The first messages are answered; the KilledAt-th is taken and its answer held back.
            twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.None, times: KilledAt - 1);
            twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.TakenThenHeld(TimeSpan.FromMinutes(5)));
            await Read(api.PostAsync($"/v1/campaigns/{id}/start", null));
            await twilio.WaitForRequestAsync(FakeTwilioRoute.CreateMessage, KilledAt).WaitAsync(Deadline);
            await Eventually.TrueAsync(() => Task.FromResult(Taken(twilio, numbers).Count >= KilledAt), "the held message to be taken", Deadline);

            first.Crash();
            var takenBefore = Taken(twilio, numbers).Count;
            output.WriteLine($"killed with {takenBefore} of {Recipients} messages taken by Twilio (the last one unanswered)");
            Assert.InRange(takenBefore, KilledAt, Recipients - 1); // mid-campaign

            var again = Client(second, api.DefaultRequestHeaders.GetValues("X-Api-Key").Single());

            // Nothing asks for the campaign: its reminder brings it back. The judge is Twilio's record.
            await Eventually.TrueAsync(() => Task.FromResult(Taken(twilio, numbers).Distinct().Count() == Recipients),
                "every recipient's message at Twilio", Deadline);
            var done = await Eventually.UntilAsync(
                () => Read(again.GetAsync($"/v1/campaigns/{id}")), c => c.GetProperty("status").GetString() == "completed",
                "the campaign to complete on the new host", Deadline);

            var taken = Taken(twilio, numbers).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
            Assert.All(numbers, n => Assert.True(taken.GetValueOrDefault(n) == 1, $"{n} got {taken.GetValueOrDefault(n)} messages"));
            var counts = done.GetProperty("counts");
            var statuses = new[] { "pending", "held", "sending", "sent", "delivered", "failed", "skipped", "cancelled" };
            output.WriteLine("counts: " + counts);
            Assert.Equal(Recipients, counts.GetProperty("total").GetInt32());
            Assert.Equal(Recipients, statuses.Sum(s => counts.GetProperty(s).GetInt32()));

            // Each recipient is sent, or (its send in doubt, and not found at Twilio) failed with send_unconfirmed; never
            // anything else. Twilio holds every message here, so the lookup finds the one in doubt: all are sent.
            var recipients = (await Read(again.GetAsync($"/v1/campaigns/{id}/recipients?limit=200"))).GetProperty("recipients").EnumerateArray().ToList();
            Assert.Equal(numbers.Order(), recipients.Select(r => r.GetProperty("phone_number").GetString()).Order());
            Assert.All(recipients, r => Assert.True(
                r.GetProperty("status").GetString() is "sent" or "delivered"
                || (r.GetProperty("status").GetString() == "failed" && r.GetProperty("error_code").GetString() == "send_unconfirmed"),
                $"recipient {r}"));
            Assert.Equal(Recipients, counts.GetProperty("sent").GetInt32() + counts.GetProperty("delivered").GetInt32());
            passed = true;
        }
        finally
        {
            if (!passed)
            {
                foreach (var host in new[] { first, second })
                {
                    var log = host.Output;
                    output.WriteLine($"--- {host.Name} output, last 6000 chars:\n{log[Math.Max(0, log.Length - 6000)..]}");
                }
            }
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    /// <summary>The recipients of the messages Twilio took, one entry per message.</summary>
    private static List<string> Taken(FakeTwilioServer twilio, string[] numbers) =>
        twilio.Messages.Where(m => numbers.Contains(m.To)).Select(m => m.To).ToList();

    private static async Task<HttpClient> TenantAsync(HostProcess host, string adminKey)
    {
        var admin = Client(host, null);
        admin.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
        var tenant = await Read(admin.PostAsJsonAsync("/v1/admin/tenants", new { name = "Kill Clinic" }));
        var key = await Read(admin.PostAsJsonAsync($"/v1/admin/tenants/{tenant.GetProperty("tenant_id").GetString()}/api-keys", new { environment = "live" }));
        return Client(host, key.GetProperty("api_key").GetString());
    }

    private static HttpClient Client(HostProcess host, string? apiKey)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return client;
    }

    private static async Task<JsonElement> Read(Task<HttpResponseMessage> request) => await SmsApi.ReadAsync(await request);
}
