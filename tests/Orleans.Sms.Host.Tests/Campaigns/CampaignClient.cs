using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>The campaign routes as a test drives them, over real HTTP.</summary>
public sealed record class CampaignClient(ApiTenant Tenant)
{
    /// <summary>Quiet hours off: these tests run at any hour of the day.</summary>
    public static readonly object NoQuietHours = new { enabled = false };

    public HttpClient Api => Tenant.Api;

    /// <summary>
    /// A new tenant's client whose sender sends at 1,000 mps: on a fake engine clock, which stands still between the
    /// test's moves, the sender's pace must not wait on it.
    /// </summary>
    public static async Task<CampaignClient> OnFakeClockAsync(AdminHostFactory factory)
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await client.SetMpsAsync(1000);
        return client;
    }

    public async Task<string> CreateAsync(string message, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["name"] = "Reminders", ["message"] = message, ["quiet_hours"] = NoQuietHours };
        foreach (var member in JsonSerializer.SerializeToElement(extra ?? new { }).EnumerateObject())
        {
            body[member.Name] = member.Value;
        }
        var created = await Http.ReadAsync(await Api.PostAsJsonAsync("/v1/campaigns", body));
        Assert.Equal("draft", created.GetProperty("status").GetString());
        return created.GetProperty("campaign_id").GetString()!;
    }

    /// <summary>Sets the tenant's sender number's own rate (<c>PATCH /v1/phone-numbers/{number}</c>).</summary>
    public async Task SetMpsAsync(double mps) =>
        await Http.ReadAsync(await Api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(Tenant.Number)}", new { mps }));

    public async Task<JsonElement> AddNumbersAsync(string campaignId, params string[] numbers) =>
        await Http.ReadAsync(await Api.PostAsJsonAsync($"/v1/campaigns/{campaignId}/recipients", new { phone_numbers = numbers }));

    public Task<HttpResponseMessage> CommandAsync(string campaignId, string command) =>
        Api.PostAsync($"/v1/campaigns/{campaignId}/{command}", null);

    public Task<JsonElement> GetAsync(string campaignId) => Api.GetFromJsonAsync<JsonElement>($"/v1/campaigns/{campaignId}");

    public async Task<JsonElement> CountsAsync(string campaignId) => (await GetAsync(campaignId)).GetProperty("counts");

    public async Task<List<JsonElement>> RecipientsAsync(string campaignId, string? status = null)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var query = $"/v1/campaigns/{campaignId}/recipients?limit=200" + (status is null ? "" : $"&status={status}") + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await Api.GetFromJsonAsync<JsonElement>(query);
            all.AddRange(page.GetProperty("recipients").EnumerateArray());
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        return all;
    }

    public async Task<JsonElement> CompletedAsync(string campaignId)
    {
        JsonElement campaign = default;
        await Eventually.TrueAsync(async () => (campaign = await GetAsync(campaignId)).GetProperty("status").GetString() == "completed",
            $"campaign {campaignId} to complete", TimeSpan.FromSeconds(60));
        return campaign;
    }

    public async Task<IReadOnlyList<string>> OutboxAsync(string to) =>
        (await Api.GetFromJsonAsync<JsonElement>($"/v1/simulator/outbox?to={Uri.EscapeDataString(to)}"))
            .GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()!).ToList();

    /// <summary>The counts the contract promises add up to the total.</summary>
    public static void AssertPartition(JsonElement counts) =>
        Assert.Equal(counts.GetProperty("total").GetInt32(),
            new[] { "pending", "held", "sending", "sent", "delivered", "failed", "skipped", "cancelled" }.Sum(s => counts.GetProperty(s).GetInt32()));
}
