using System.Text.Json;
using Orleans.Sms.Testing;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// What a campaign meets at its provider and its number, over real HTTP with the real Twilio SDK against the fake Twilio
/// (docs/api.md: Campaigns): Twilio's 429 past the HTTP pipeline's own retries is sent again by the message's conversation
/// after a back-off, and the recipient is sent once, not failed (a 429 on every send fails it after three, with Twilio's
/// code); two campaigns of one tenant running at once share their
/// number's rate, and each sends each of its recipients once.
/// </summary>
public abstract class CampaignProviderLimitTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : CampaignProviderLimitTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : CampaignProviderLimitTests(factory);

    [Fact]
    public async Task Twilio429_PastTheHttpRetries_IsSentAgainAfterABackOff_AndTheRecipientIsSentOnce_NotFailed()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await client.SetMpsAsync(1000);
        var (throttled, others) = (TestTenant.NewNumber("646"), new[] { TestTenant.NewNumber("646"), TestTenant.NewNumber("646") });
        // The first send's four attempts (one and Sms:Twilio:MaxRetries 3) and the repeat's first attempt are throttled.
        factory.Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.TooManyRequests(), times: 5, to: throttled);
        var id = await client.CreateAsync("Your flu shot is waiting.", new { auto_pause = new { failure_rate = 0.0, window = 1 } });
        await client.AddNumbersAsync(id, [throttled, .. others]);

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        var done = await client.CompletedAsync(id);

        // Completed (auto-pause at a failure rate of 0 would have paused it on any failure), nobody failed.
        var counts = done.GetProperty("counts");
        CampaignClient.AssertPartition(counts);
        Assert.Equal((3, 3, 0), (counts.GetProperty("total").GetInt32(), counts.GetProperty("sent").GetInt32(), counts.GetProperty("failed").GetInt32()));
        var recipient = (await client.RecipientsAsync(id)).Single(r => r.GetProperty("phone_number").GetString() == throttled);
        Assert.Equal("sent", recipient.GetProperty("status").GetString());
        // The conversation sends its message again (1 s later), the same message: one message at Twilio, after six requests.
        await Eventually.TrueAsync(() => Task.FromResult(factory.Twilio.Messages.Any(m => m.To == throttled)), "the throttled message's repeat",
            TimeSpan.FromSeconds(20));
        Assert.Single(factory.Twilio.Messages, m => m.To == throttled);
        Assert.Equal(6, factory.Twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count(r => r.Form.GetValueOrDefault("To") == throttled));
        var conversation = await Http.ReadAsync(await client.Api.GetAsync($"/v1/conversations/{recipient.GetProperty("conversation_id").GetString()}"));
        var message = Assert.Single(conversation.GetProperty("messages").EnumerateArray());
        Assert.Equal(recipient.GetProperty("message_id").GetString(), message.GetProperty("message_id").GetString());
        Assert.Equal("campaign", message.GetProperty("source").GetString());
        await Eventually.TrueAsync(async () => (await Http.ReadAsync(await client.Api.GetAsync(
                $"/v1/conversations/{recipient.GetProperty("conversation_id").GetString()}"))).GetProperty("messages")[0].GetProperty("delivery_status").GetString() == "queued",
            "the repeat's answer on the message");
        Assert.All(others, n => Assert.Single(factory.Twilio.Messages, m => m.To == n));
    }

    [Fact]
    public async Task Twilio429_OnEverySend_FailsTheRecipientAfterThreeSends_WithTwiliosCode_AndOthersAreSent()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await client.SetMpsAsync(1000);
        var (throttled, other) = (TestTenant.NewNumber("646"), TestTenant.NewNumber("646"));
        factory.Twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.TooManyRequests(), FakeTwilioServer.Always, to: throttled);
        var id = await client.CreateAsync("Your flu shot is waiting.");
        await client.AddNumbersAsync(id, throttled, other);

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await client.CompletedAsync(id); // its message was accepted: the repeats are the conversation's

        JsonElement recipient = default;
        await Eventually.TrueAsync(async () =>
            (recipient = (await client.RecipientsAsync(id)).Single(r => r.GetProperty("phone_number").GetString() == throttled))
                .GetProperty("status").GetString() == "failed", "the third refused send to fail the recipient", TimeSpan.FromSeconds(30));
        Assert.Equal("20429", recipient.GetProperty("error_code").GetString()); // Twilio's own code for 429
        Assert.DoesNotContain(factory.Twilio.Messages, m => m.To == throttled);
        Assert.Equal(12, factory.Twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count(r => r.Form.GetValueOrDefault("To") == throttled));
        var counts = await client.CountsAsync(id);
        CampaignClient.AssertPartition(counts);
        Assert.Equal((1, 1), (counts.GetProperty("sent").GetInt32(), counts.GetProperty("failed").GetInt32()));
        Assert.Single(factory.Twilio.Messages, m => m.To == other);
    }

    [Fact]
    public async Task TwoCampaignsOfOneTenantAtOnce_ShareTheirNumbersRate_AndEachSendsEachOfItsRecipientsOnce()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await client.SetMpsAsync(10);
        var shared = TestTenant.NewNumber("646");
        var (firstOnly, secondOnly) = (NewNumbers(3), NewNumbers(3));
        var first = await client.CreateAsync("Flu shots are in.");
        var second = await client.CreateAsync("Your refill is ready.");
        await client.AddNumbersAsync(first, [.. firstOnly, shared]);
        await client.AddNumbersAsync(second, [.. secondOnly, shared]);

        var startedAt = DateTimeOffset.UtcNow;
        await Task.WhenAll(new[] { first, second }.Select(async id => await Http.ReadAsync(await client.CommandAsync(id, "start"))));
        var done = await Task.WhenAll(client.CompletedAsync(first), client.CompletedAsync(second));

        Assert.All(done, campaign =>
        {
            CampaignClient.AssertPartition(campaign.GetProperty("counts"));
            Assert.Equal((4, 4), (campaign.GetProperty("counts").GetProperty("total").GetInt32(), campaign.GetProperty("counts").GetProperty("sent").GetInt32()));
        });
        Assert.All(firstOnly, n => Assert.Equal(["Flu shots are in."], Bodies(n)));
        Assert.All(secondOnly, n => Assert.Equal(["Your refill is ready."], Bodies(n)));
        Assert.Equal(["Flu shots are in.", "Your refill is ready."], Bodies(shared).Order());
        // One number at 10 mps for both: its eighth message has a slot 0.7 s after the first, which is no earlier than
        // the start (each campaign at that rate alone would be done in 0.3 s); a send may run 20 ms ahead of its slot.
        var sent = factory.Twilio.Messages.Where(m => m.From == client.Tenant.Number).Select(m => m.CreatedAt).Order().ToList();
        Assert.Equal(8, sent.Count);
        Assert.True(sent[^1] - startedAt >= TimeSpan.FromSeconds(0.7) - TimeSpan.FromMilliseconds(20),
            $"the eighth message went {(sent[^1] - startedAt).TotalSeconds:0.000} s after the start");
    }

    private static string[] NewNumbers(int count) => Enumerable.Range(0, count).Select(_ => TestTenant.NewNumber("646")).ToArray();

    private List<string> Bodies(string to) => factory.Twilio.Messages.Where(m => m.To == to).Select(m => m.Body).ToList();
}
