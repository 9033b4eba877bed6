using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing;
using Orleans.Sms.Host.Tests.Campaigns;

namespace Orleans.Sms.Host.Tests;

/// <summary>
/// Pacing for every send of the engine (docs/api.md: Campaigns, Sending): a send that must wait for its number is accepted at once as
/// <c>queued</c> and goes when the number's rate allows; conversation traffic goes ahead of a running campaign on the same
/// number; the sends of one number are never closer than its rate, whoever sends them. Time is asserted as lower bounds
/// only, never as an upper bound: a message is handed to the provider no earlier than its time on the number, which is
/// no earlier than the number's first time plus the time of every message before it. (Between two hand-overs the gap may
/// differ from the rate by the storage writes in between; the times booked on the number never overlap: SendPacingTests.)
/// </summary>
public abstract class PacedSendTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : PacedSendTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : PacedSendTests(factory);

    [Fact]
    public async Task ASendWithinItsNumbersSlot_IsAcceptedQueued_AndGoesWhenTheRateAllows()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        await SetMpsAsync(tenant, 0.5); // a segment every 2 s
        var (first, second) = (TestTenant.NewNumber("917"), TestTenant.NewNumber("917"));

        var before = DateTimeOffset.UtcNow;
        var sent = await SendAsync(tenant, first, "Your table is ready.");
        Assert.NotEqual("queued", sent.GetProperty("status").GetString());
        var queued = await SendAsync(tenant, second, "Your order is ready.");
        Assert.Equal("queued", queued.GetProperty("status").GetString());

        var conversation = queued.GetProperty("conversation_id").GetString()!;
        var message = queued.GetProperty("message_id").GetString()!;
        Assert.Equal("queued", await StatusAsync(tenant, conversation, message));
        var outbox = await OutboxAsync(tenant, 2);
        Assert.Equal([first, second], outbox.Select(m => m.To));
        Assert.True(outbox[1].At - before >= TimeSpan.FromSeconds(2),
            $"the queued message went {(outbox[1].At - before).TotalSeconds:0.000} s after the first was asked for");
        await Eventually.TrueAsync(async () => await StatusAsync(tenant, conversation, message) != "queued",
            "the queued message to show what the provider answered", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ASendAMomentBehindAnother_IsHeldForItsSlot_NotQueued()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        await SetMpsAsync(tenant, 50); // a segment every 20 ms: within the moment a sender holds a message (SendPacing.BulkLead)
        var (first, second) = (TestTenant.NewNumber("917"), TestTenant.NewNumber("917"));

        var before = DateTimeOffset.UtcNow;
        var sent = await Task.WhenAll(SendAsync(tenant, first, "Your table is ready."), SendAsync(tenant, second, "Your order is ready."));

        // Queued would mean a storage write and a timer for a wait of a few milliseconds; each is held for its slot instead.
        Assert.All(sent, s => Assert.NotEqual("queued", s.GetProperty("status").GetString()));
        var outbox = await OutboxAsync(tenant, 2);
        Assert.True(outbox[1].At - before >= TimeSpan.FromMilliseconds(20),
            $"the second message went {(outbox[1].At - before).TotalMilliseconds:0} ms after the first was asked for");
    }

    [Fact]
    public async Task AMessageOfSeveralSegments_TakesTheNumbersTimeForEachSegment()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        await SetMpsAsync(tenant, 1);
        var (first, second) = (TestTenant.NewNumber("917"), TestTenant.NewNumber("917"));

        var twoSegments = string.Join(' ', Enumerable.Repeat("reminder", 20)); // 179 GSM-7 characters: 2 segments
        var before = DateTimeOffset.UtcNow;
        Assert.Equal(2, (await SendAsync(tenant, first, twoSegments)).GetProperty("segments").GetInt32());
        await SendAsync(tenant, second, "Short one.");

        var outbox = await OutboxAsync(tenant, 2);
        Assert.True(outbox[1].At - before >= TimeSpan.FromSeconds(2),
            $"the message after two segments went {(outbox[1].At - before).TotalSeconds:0.000} s after they were asked for");
    }

    [Fact]
    public async Task AnAgentReply_OvertakesARunningCampaignOnTheSameNumber_AndTheRateHoldsForBoth()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await SetMpsAsync(client.Tenant, 2);
        var audience = Enumerable.Range(0, 10).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var id = await client.CreateAsync("Your flu shot is due.");
        await client.AddNumbersAsync(id, audience);
        var startedAt = DateTimeOffset.UtcNow;
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await Eventually.TrueAsync(async () => (await client.CountsAsync(id)).GetProperty("sent").GetInt32() >= 2,
            "the campaign to be under way", TimeSpan.FromSeconds(30));

        var customer = TestTenant.NewNumber("917");
        await Http.ReadAsync(await client.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from = customer, to = client.Tenant.Number, body = "Can I come today?" }));
        await client.CompletedAsync(id);

        var outbox = await OutboxAsync(client.Tenant, audience.Length + 1);
        var reply = outbox.FindIndex(m => m.To == customer);
        Assert.True(reply >= 0, "the agent answered the customer");
        Assert.True(reply < outbox.Count - 1, "the agent's reply went before the rest of the campaign, not after it");
        // The reply took its own time on the number: the last of the 11 messages went no earlier than 10 slots of 0.5 s after the start.
        Assert.True(outbox[^1].At - startedAt >= TimeSpan.FromSeconds(5),
            $"the number's 11th message went {(outbox[^1].At - startedAt).TotalSeconds:0.000} s after the start");
    }

    private static async Task SetMpsAsync(ApiTenant tenant, double mps)
    {
        var patched = await tenant.Api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(tenant.Number)}", new { mps });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
    }

    private static async Task<JsonElement> SendAsync(ApiTenant tenant, string to, string message)
    {
        var response = await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { to, message, use_case_id = tenant.UseCaseId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Http.ReadAsync(response);
    }

    private static async Task<string?> StatusAsync(ApiTenant tenant, string conversationId, string messageId) =>
        (await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}")).GetProperty("messages").EnumerateArray()
            .Single(m => m.GetProperty("message_id").GetString() == messageId).GetProperty("delivery_status").GetString();

    /// <summary>The messages the simulator took from the tenant's number, in the order it took them, once there are <paramref name="count"/>.</summary>
    private static async Task<List<(string To, DateTimeOffset At)>> OutboxAsync(ApiTenant tenant, int count)
    {
        List<(string To, DateTimeOffset At)> sent = [];
        await Eventually.TrueAsync(async () =>
        {
            sent = (await tenant.Api.GetFromJsonAsync<JsonElement>("/v1/simulator/outbox")).GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("from").GetString() == tenant.Number)
                .Select(m => (m.GetProperty("to").GetString()!, m.GetProperty("created_at").GetDateTimeOffset()))
                .OrderBy(m => m.Item2).ToList();
            return sent.Count >= count;
        }, $"{count} messages from {tenant.Number}", TimeSpan.FromSeconds(60));
        Assert.Equal(count, sent.Count);
        return sent;
    }
}
