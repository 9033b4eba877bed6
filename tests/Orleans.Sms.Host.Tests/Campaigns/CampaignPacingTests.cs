using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// A campaign goes at its sender's pace (docs/api.md: Campaigns): a number at mps m hands a segment over at most every 1/m s. Asserted
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

    [Fact]
    public async Task ASlowNumberInThePool_HoldsBackOnlyItsOwnRecipients_AndEachRecipientGetsOneMessage()
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        var (slow, fast) = (client.Tenant.Number, TestTenant.NewNumber("312"));
        await Http.ReadAsync(await client.Api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = fast, type = "mobile", capabilities = new[] { "sms" } }));
        await Http.ReadAsync(await client.Api.PostAsJsonAsync($"/v1/use-cases/{client.Tenant.UseCaseId}/numbers", new { phone_number = fast }));
        await Http.ReadAsync(await client.Api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(slow)}", new { mps = 1 }));
        await Http.ReadAsync(await client.Api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(fast)}", new { mps = 1000 }));
        // Recipients the pool spreads 3 to the slow number and 5 to the fast one (the engine's own spread rule), interleaved by seq.
        var pool = new[] { slow, fast }.Order(StringComparer.Ordinal).ToList();
        var (toSlow, toFast) = (new List<string>(), new List<string>());
        while (toSlow.Count < 3 || toFast.Count < 5)
        {
            var number = TestTenant.NewNumber("646");
            var mine = UseCases.SenderSelection.Choose(pool, number, null) == slow ? toSlow : toFast;
            if (mine.Count < (mine == toSlow ? 3 : 5))
            {
                mine.Add(number);
            }
        }
        var audience = toSlow.Zip(toFast).SelectMany(p => new[] { p.First, p.Second }).Concat(toFast.Skip(3)).ToArray();
        var id = await client.CreateAsync("Your visit is due.");
        await client.AddNumbersAsync(id, audience);

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await client.CompletedAsync(id);

        var outbox = (await client.Api.GetFromJsonAsync<JsonElement>("/v1/simulator/outbox")).GetProperty("messages").EnumerateArray()
            .Where(m => audience.Contains(m.GetProperty("to").GetString()))
            .Select(m => (From: m.GetProperty("from").GetString(), To: m.GetProperty("to").GetString(), At: m.GetProperty("created_at").GetDateTimeOffset()))
            .OrderBy(m => m.At).ToList();
        Assert.Equal(audience.Order(), outbox.Select(m => m.To).Order()); // each recipient exactly once
        var slowSends = outbox.Where(m => m.From == slow).Select(m => m.At).ToList();
        var fastSends = outbox.Where(m => m.From == fast).Select(m => m.At).ToList();
        Assert.Equal(toSlow.Order(), outbox.Where(m => m.From == slow).Select(m => m.To).Order());
        Assert.Equal(5, fastSends.Count);
        // The slow number's three slots are a second apart; the fast number's recipients did not queue behind them.
        Assert.True(slowSends[^1] - slowSends[0] >= TimeSpan.FromSeconds(1.5),
            $"the slow number's sends spanned {(slowSends[^1] - slowSends[0]).TotalSeconds:0.000} s");
        Assert.True(fastSends[^1] < slowSends[^1], "the fast number's last message went before the slow number's last");
    }

    [Fact]
    public async Task RecipientsAddedWhileTheSenderIsBusy_DoNotMakeTheNextMessageGoBeforeItsSlot()
    {
        // One message every 2 s. An add wakes the campaign at once, before its sender said to ask again: that step must not
        // book from the time the sender gave (its message would go up to 2 s early) but wait for it.
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await Http.ReadAsync(await client.Api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(client.Tenant.Number)}", new { mps = 0.5 }));
        var numbers = Enumerable.Range(0, 3).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var id = await client.CreateAsync("Your visit is due.");
        await client.AddNumbersAsync(id, numbers[..2]);
        var startedAt = DateTimeOffset.UtcNow;
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await Eventually.TrueAsync(async () => (await SentAtAsync(client, numbers)).Count == 1, "the first message");

        await client.AddNumbersAsync(id, numbers[2]);
        await client.CompletedAsync(id);

        var sent = await SentAtAsync(client, numbers);
        Assert.Equal(3, sent.Count);
        // Slots 2 s apart from the first, which is no earlier than the start; a send may run 20 ms ahead of its slot.
        Assert.True(sent[^1] - startedAt >= TimeSpan.FromSeconds(4) - TimeSpan.FromMilliseconds(20),
            $"the third message went {(sent[^1] - startedAt).TotalSeconds:0.000} s after the start");
    }

    /// <summary>When the simulator took each message to <paramref name="numbers"/>, in order.</summary>
    private static async Task<List<DateTimeOffset>> SentAtAsync(CampaignClient client, string[] numbers) =>
        (await client.Api.GetFromJsonAsync<JsonElement>("/v1/simulator/outbox")).GetProperty("messages").EnumerateArray()
            .Where(m => numbers.Contains(m.GetProperty("to").GetString())).Select(m => m.GetProperty("created_at").GetDateTimeOffset()).Order().ToList();
}
