using System.Net.Http.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// What recipients do after the campaign's message (docs/api.md: Campaigns): a reply marks them <c>replied</c> and goes to the use
/// case's agent in the session the message opened; a reply to that conversation counts after a later session too, a text
/// to another number does not; a STOP counts as opted out, through any number of the service, and, past the rate, pauses
/// the campaign.
/// </summary>
public abstract class CampaignRepliesTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : CampaignRepliesTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : CampaignRepliesTests(factory);

    private static Task InboundAsync(CampaignClient client, string from, string body, string? to = null) =>
        Http.ReadAsync(client.Api.PostAsJsonAsync("/v1/simulator/inbound", new { from, to = to ?? client.Tenant.Number, body }).Result);

    [Fact]
    public async Task AfterItsMessage_AReplyToItsConversationInALaterSession_AndAStopToAnotherNumber_AreCounted_ATextToAnotherNumberIsNot()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        var other = TestTenant.NewNumber("312");
        await Http.ReadAsync(await client.Api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = other, type = "mobile", capabilities = new[] { "sms" } }));
        var (ann, bob, cy) = (TestTenant.NewNumber("646"), TestTenant.NewNumber("646"), TestTenant.NewNumber("646"));
        var id = await client.CreateAsync("Your visit is due. Reply to book.");
        await client.AddNumbersAsync(id, ann, bob, cy);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await client.CompletedAsync(id); // every message from the tenant's one number: the other joins the pool after
        await Http.ReadAsync(await client.Api.PostAsJsonAsync($"/v1/use-cases/{client.Tenant.UseCaseId}/numbers", new { phone_number = other }));

        // Ann: an API send opens a new session in her conversation before she answers.
        await Http.ReadAsync(await client.Api.PostAsJsonAsync("/v1/outbound-sms",
            new { to = ann, message = "Reminder: bring your card.", agent_number = client.Tenant.Number, use_case_id = client.Tenant.UseCaseId }));
        await InboundAsync(client, ann, "Tuesday please");
        // Bob texts the other number: not the campaign's conversation. Cy opts out through the other number.
        await InboundAsync(client, bob, "Who is this?", to: other);
        await InboundAsync(client, cy, "STOP", to: other);

        await Eventually.TrueAsync(async () =>
        {
            var counts = await client.CountsAsync(id);
            return (counts.GetProperty("replied").GetInt32(), counts.GetProperty("opted_out").GetInt32()) == (1, 1);
        }, "Ann's reply and Cy's opt-out to be counted");
        var replied = (await client.RecipientsAsync(id)).ToDictionary(r => r.GetProperty("phone_number").GetString()!, r => r.GetProperty("replied").GetBoolean());
        Assert.Equal((true, false, false), (replied[ann], replied[bob], replied[cy]));
    }

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
