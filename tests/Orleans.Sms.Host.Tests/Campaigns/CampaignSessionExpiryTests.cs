using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// A session a campaign message opened and the customer never answered ends <c>expired</c> a resume window (30 days)
/// after the message, with no timer of its own (docs/api.md: Campaigns): reads show it ended from that instant on,
/// though nothing has woken the conversation, over real HTTP on both storage modes.
/// </summary>
public abstract class CampaignSessionExpiryTests(FakeClockTwilioHostFactory factory)
{
    [Collection(FakeClockTwilioHostCollection.Name)]
    public sealed class OnMemory(FakeClockTwilioHostFactory factory) : CampaignSessionExpiryTests(factory);

    [Collection(AzureStorageFakeClockTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageFakeClockTwilioHostFactory factory) : CampaignSessionExpiryTests(factory);

    [Fact]
    public async Task AnUnansweredCampaignSession_IsListedAndShownEnded_OnceItsResumeWindowHasPassed()
    {
        var client = await CampaignClient.OnFakeClockAsync(factory);
        var customer = TestTenant.NewNumber("212");
        var id = await client.CreateAsync("Your annual check-up is due.");
        await client.AddNumbersAsync(id, customer);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await client.CompletedAsync(id);
        var recipient = Assert.Single(await client.RecipientsAsync(id));
        var expiry = recipient.GetProperty("sent_at").GetDateTimeOffset() + TimeSpan.FromDays(30);
        var conversationId = recipient.GetProperty("conversation_id").GetString()!;

        Assert.Equal("active", await ListedSessionStateAsync(client, customer));
        factory.Clock.SetUtcNow(expiry - TimeSpan.FromSeconds(1));
        Assert.Equal("active", await ListedSessionStateAsync(client, customer));

        factory.Clock.SetUtcNow(expiry);

        Assert.Equal("ended", await ListedSessionStateAsync(client, customer));
        var session = (await client.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}")).GetProperty("session");
        Assert.Equal(("ended", "expired", expiry),
            (session.GetProperty("state").GetString(), session.GetProperty("end_reason").GetString(), session.GetProperty("ended_at").GetDateTimeOffset()));
        Assert.Equal("ended", await ListedSessionStateAsync(client, customer));
    }

    private static async Task<string?> ListedSessionStateAsync(CampaignClient client, string customer)
    {
        var page = await client.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations?customer_number={Uri.EscapeDataString(customer)}");
        return Assert.Single(page.GetProperty("conversations").EnumerateArray()).GetProperty("session_state").GetString();
    }
}
