using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// A campaign goes at its sender's pace (CONTRACT §15): a number at mps m hands a segment over at most every 1/m s. Asserted
/// as a lower bound only (the last message cannot go before its slot); how fast is the benchmarks' business.
/// </summary>
public abstract class CampaignPacingTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : CampaignPacingTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : CampaignPacingTests(factory);

    [Fact]
    public async Task FourMessagesFromOneNumberAtTwoPerSecond_TakeAtLeastOneAndAHalfSeconds()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await Http.ReadAsync(await client.Api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(client.Tenant.Number)}", new { mps = 2 }));
        var numbers = Enumerable.Range(0, 4).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var id = await client.CreateAsync("Your visit is due.");
        await client.AddNumbersAsync(id, numbers);

        var startedAt = DateTimeOffset.UtcNow;
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await client.CompletedAsync(id);

        var outbox = (await client.Api.GetFromJsonAsync<JsonElement>("/v1/simulator/outbox")).GetProperty("messages").EnumerateArray()
            .Where(m => numbers.Contains(m.GetProperty("to").GetString())).Select(m => m.GetProperty("created_at").GetDateTimeOffset()).Order().ToList();
        Assert.Equal(4, outbox.Count);
        // Slots of one number are 0.5 s apart from the first, which is no earlier than the start; a send may run 20 ms ahead of its slot.
        Assert.True(outbox[^1] - startedAt >= TimeSpan.FromSeconds(1.5) - TimeSpan.FromMilliseconds(20),
            $"the fourth message went {(outbox[^1] - startedAt).TotalSeconds:0.000} s after the start");
    }
}
