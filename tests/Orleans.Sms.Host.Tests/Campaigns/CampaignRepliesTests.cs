using System.Net.Http.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// What recipients do after the campaign's message (docs/api.md: Campaigns): a reply marks them <c>replied</c> and goes to the use
/// case's agent in the session the message opened; a STOP counts as opted out and, past the rate, pauses the campaign.
/// </summary>
public abstract class CampaignRepliesTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : CampaignRepliesTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : CampaignRepliesTests(factory);

    private static Task InboundAsync(CampaignClient client, string from, string body) =>
        Http.ReadAsync(client.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from, to = client.Tenant.Number, body }).Result);

    [Fact]
    public async Task Reply_MarksTheRecipientReplied_Once_AndTheAgentAnswersInTheCampaignSession()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        var (ann, bob) = (TestTenant.NewNumber("646"), TestTenant.NewNumber("646"));
        var id = await client.CreateAsync("Your visit is due. Reply to book.");
        await client.AddNumbersAsync(id, ann, bob);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await client.CompletedAsync(id);

        await InboundAsync(client, ann, "Tuesday please");
        await InboundAsync(client, ann, "morning if possible");
        await Eventually.TrueAsync(async () => (await client.CountsAsync(id)).GetProperty("replied").GetInt32() == 1, "the reply to be counted");
        await Eventually.TrueAsync(async () => (await client.OutboxAsync(ann)).Count >= 2, "the echo agent's answer");

        var recipients = await client.RecipientsAsync(id);
        Assert.Equal([true, false], recipients.Select(r => r.GetProperty("replied").GetBoolean()));
        var conversation = await client.Api.GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"/v1/conversations/{recipients[0].GetProperty("conversation_id").GetString()}");
        var sessions = conversation.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("session_id").GetString()).Distinct();
        Assert.Single(sessions); // the campaign's message, the replies and the agent's answers share one session
        Assert.Equal(1, (await client.CountsAsync(id)).GetProperty("replied").GetInt32());
    }

    [Fact]
    public async Task OptOuts_AboveTheRate_PauseTheCampaign_WithItsReason_AndResumeStartsANewWindow()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        var numbers = Enumerable.Range(0, 5).Select(_ => TestTenant.NewNumber("646")).ToArray();
        // One message every 5 s: the opt-out below arrives long before the third message is due.
        var id = await client.CreateAsync("Flu shots are in.", new { auto_pause = new { opt_out_rate = 0.4, window = 2 }, max_per_second = 0.2 });
        await client.AddNumbersAsync(id, numbers);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await Eventually.TrueAsync(async () => (await client.CountsAsync(id)).GetProperty("sent").GetInt32() == 2, "two messages", TimeSpan.FromSeconds(30));

        await InboundAsync(client, numbers[0], "STOP");
        await Eventually.TrueAsync(async () => (await client.GetAsync(id)).GetProperty("status").GetString() == "paused", "the auto-pause");

        var paused = await client.GetAsync(id);
        Assert.Equal("opt_out_rate", paused.GetProperty("pause_reason").GetString());
        Assert.Equal((1, 2, 3), (paused.GetProperty("counts").GetProperty("opted_out").GetInt32(),
            paused.GetProperty("counts").GetProperty("sent").GetInt32(), paused.GetProperty("counts").GetProperty("pending").GetInt32()));
        var resumed = await Http.ReadAsync(await client.CommandAsync(id, "resume"));
        Assert.Equal(("running", System.Text.Json.JsonValueKind.Null), (resumed.GetProperty("status").GetString(), resumed.GetProperty("pause_reason").ValueKind));
        await Http.ReadAsync(await client.CommandAsync(id, "cancel"));
        CampaignClient.AssertPartition((await client.GetAsync(id)).GetProperty("counts"));
    }
}
