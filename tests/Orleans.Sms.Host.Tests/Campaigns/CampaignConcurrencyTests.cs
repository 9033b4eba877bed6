using System.Net;
using System.Text.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// Lifecycle requests that race (docs/api.md: Campaigns): the same start or resume many times at once is one transition, and a
/// storm of pauses and resumes leaves a campaign that is paused or running, never half of each, whose counts add up.
/// Every recipient is sent once, counted at the fake Twilio (the real SDK against it), on both storage modes.
/// </summary>
public abstract class CampaignConcurrencyTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : CampaignConcurrencyTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : CampaignConcurrencyTests(factory);

    private const int Racers = 8;

    private async Task<(CampaignClient Client, string Id, string[] Numbers)> CampaignAsync(int recipients, double mps)
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await client.SetMpsAsync(mps);
        var numbers = Enumerable.Range(0, recipients).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var id = await client.CreateAsync("Your flu shot is waiting.");
        await client.AddNumbersAsync(id, numbers);
        return (client, id, numbers);
    }

    [Fact]
    public async Task Start_EightAtOnce_AllAnswer200_OneTransition_EachRecipientSentOnce()
    {
        var (client, id, numbers) = await CampaignAsync(recipients: 20, mps: 50);

        var answers = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => client.CommandAsync(id, "start")));

        var views = await Task.WhenAll(answers.Select(Http.ReadAsync));
        Assert.All(views, v => Assert.Contains(v.GetProperty("status").GetString(), new[] { "running", "completed" }));
        // One transition: every answer shows the one start, at the one instant it happened.
        Assert.Single(views.Select(v => v.GetProperty("started_at").GetDateTimeOffset()).Distinct());
        await AssertEachSentOnceAsync(client, id, numbers);
    }

    [Fact]
    public async Task Resume_EightAtOnce_OnAPausedCampaign_AllAnswer200_AndEachRecipientIsSentOnce()
    {
        var (client, id, numbers) = await CampaignAsync(recipients: 12, mps: 5);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await Eventually.TrueAsync(async () => Sent(await client.CountsAsync(id)) >= 2, "the first messages", TimeSpan.FromSeconds(30));
        var paused = await Http.ReadAsync(await client.CommandAsync(id, "pause"));
        Assert.Equal(("paused", "manual"), (paused.GetProperty("status").GetString(), paused.GetProperty("pause_reason").GetString()));

        var answers = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => client.CommandAsync(id, "resume")));

        var views = await Task.WhenAll(answers.Select(Http.ReadAsync));
        Assert.All(views, v => Assert.Contains(v.GetProperty("status").GetString(), new[] { "running", "completed" }));
        Assert.All(views, v => Assert.Equal(JsonValueKind.Null, v.GetProperty("pause_reason").ValueKind));
        await AssertEachSentOnceAsync(client, id, numbers);
    }

    [Fact]
    public async Task PauseAndResume_Interleaved_EndConsistent_AndTheCampaignStillSendsEachRecipientOnce()
    {
        var (client, id, numbers) = await CampaignAsync(recipients: 30, mps: 5);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await Eventually.TrueAsync(async () => Sent(await client.CountsAsync(id)) >= 1, "the first message", TimeSpan.FromSeconds(30));

        var storm = Enumerable.Range(0, 2 * Racers).Select(i => client.CommandAsync(id, i % 2 == 0 ? "pause" : "resume"));
        var answers = await Task.WhenAll(storm);

        // 30 messages at 5 a second outlast the storm: no request meets a completed campaign, so each is a valid transition.
        var statuses = answers.Select(a => a.StatusCode).ToList();
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var after = await client.GetAsync(id);
        var (status, reason) = (after.GetProperty("status").GetString(), after.GetProperty("pause_reason"));
        Assert.True(
            (status == "paused" && reason.GetString() == "manual") || (status == "running" && reason.ValueKind == JsonValueKind.Null),
            $"status {status} with pause_reason {reason}");
        CampaignClient.AssertPartition(after.GetProperty("counts"));
        Assert.Equal(numbers.Length, after.GetProperty("counts").GetProperty("total").GetInt32());

        await Http.ReadAsync(await client.CommandAsync(id, "resume"));
        await AssertEachSentOnceAsync(client, id, numbers);
    }

    private static int Sent(JsonElement counts) => counts.GetProperty("sent").GetInt32() + counts.GetProperty("delivered").GetInt32();

    /// <summary>The campaign completes with every recipient sent, and the fake Twilio took exactly one message for each.</summary>
    private async Task AssertEachSentOnceAsync(CampaignClient client, string id, string[] numbers)
    {
        var counts = (await client.CompletedAsync(id)).GetProperty("counts");
        CampaignClient.AssertPartition(counts);
        Assert.Equal((numbers.Length, numbers.Length), (counts.GetProperty("total").GetInt32(), Sent(counts)));
        var taken = factory.Twilio.Messages.Where(m => numbers.Contains(m.To)).GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(numbers.Order(), taken.Keys.Order());
        Assert.All(taken, t => Assert.True(t.Value == 1, $"{t.Key} got {t.Value} messages"));
    }
}
