using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// Auto-pause on failures (docs/api.md: Campaigns), over real HTTP with the real Twilio SDK against the fake Twilio, which refuses
/// some recipients (400, 21211): once <c>window</c> messages were sent, a failed share that <b>exceeds</b>
/// <c>failure_rate</c> pauses the campaign with <c>pause_reason: "failure_rate"</c>; the failed recipients carry the
/// provider's code and are not tried again; a resume clears the reason and starts a new window. (Opt-outs:
/// <see cref="CampaignRepliesTests"/>.)
/// </summary>
public abstract class CampaignAutoPauseTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : CampaignAutoPauseTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : CampaignAutoPauseTests(factory);

    private const int Recipients = 10;
    private const int Window = 4;

    /// <summary>A campaign of ten from a number at <paramref name="mps"/>; the fake refuses the first <paramref name="refused"/>.</summary>
    private async Task<(CampaignClient Client, string Id, string[] Numbers)> CampaignAsync(int refused, double failureRate, double mps = 5)
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await client.SetMpsAsync(mps);
        var numbers = Enumerable.Range(0, Recipients).Select(_ => TestTenant.NewNumber("646")).ToArray();
        foreach (var number in numbers.Take(refused))
        {
            factory.Twilio.RefuseMessagesTo(number, TwilioFault.InvalidTo);
        }
        var id = await client.CreateAsync("Your lab results are ready.", new { auto_pause = new { failure_rate = failureRate, window = Window } });
        await client.AddNumbersAsync(id, numbers);
        return (client, id, numbers);
    }

    [Fact]
    public async Task FailuresAboveTheRate_PauseTheCampaign_WithFailureRate_AndResumeClearsItAndFinishes()
    {
        // Two of the first four fail: 0.5 > 0.3 once the window of four is full.
        var (client, id, numbers) = await CampaignAsync(refused: 2, failureRate: 0.3);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));

        JsonElement paused = default;
        await Eventually.TrueAsync(async () => (paused = await client.GetAsync(id)).GetProperty("status").GetString() != "running",
            "the auto-pause", TimeSpan.FromSeconds(30));

        Assert.Equal(("paused", "failure_rate"), (paused.GetProperty("status").GetString(), paused.GetProperty("pause_reason").GetString()));
        var counts = paused.GetProperty("counts");
        CampaignClient.AssertPartition(counts);
        // A step may finish a message or two past the fourth (pacing lets two go when a step runs late); no more after it.
        var gone = counts.GetProperty("failed").GetInt32() + Sent(counts);
        Assert.Equal(2, counts.GetProperty("failed").GetInt32());
        Assert.InRange(gone, Window, Window + 1);
        Assert.Equal(Recipients - gone, counts.GetProperty("pending").GetInt32());
        var failed = await client.RecipientsAsync(id, "failed");
        Assert.Equal(numbers.Take(2), failed.Select(r => r.GetProperty("phone_number").GetString()));
        Assert.All(failed, r => Assert.Equal("21211", r.GetProperty("error_code").GetString()));
        Assert.Equal(numbers.Take(gone).Order(), TakenOrRefused(numbers).Order()); // the first ones, and nothing after the pause

        var resumed = await Http.ReadAsync(await client.CommandAsync(id, "resume"));
        Assert.Equal(("running", JsonValueKind.Null), (resumed.GetProperty("status").GetString(), resumed.GetProperty("pause_reason").ValueKind));
        var done = (await client.CompletedAsync(id)).GetProperty("counts");

        // The new window saw no failure: the rest went out, and a refused recipient was asked of Twilio once, never again.
        CampaignClient.AssertPartition(done);
        Assert.Equal((2, Recipients - 2), (done.GetProperty("failed").GetInt32(), Sent(done)));
        Assert.Equal(numbers.Skip(2).Order(), factory.Twilio.Messages.Where(m => numbers.Contains(m.To)).Select(m => m.To).Order());
        Assert.Equal(numbers.Order(), TakenOrRefused(numbers).Order());
    }

    [Fact]
    public async Task RateExceededMidStep_StillPauses_ThoughTheWindowHasMovedOnByTheStepsEnd()
    {
        // At 1000 mps all ten go in one step. After the fourth message the last four hold two failures (0.5 > 0.3); by the
        // tenth the last four hold none. The rule is judged at every message sent, so the campaign pauses all the same.
        var (client, id, numbers) = await CampaignAsync(refused: 2, failureRate: 0.3, mps: 1000);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));

        JsonElement after = default;
        await Eventually.TrueAsync(async () => (after = await client.GetAsync(id)).GetProperty("status").GetString() != "running",
            "the campaign to pause or complete", TimeSpan.FromSeconds(30));

        Assert.Equal(("paused", "failure_rate"), (after.GetProperty("status").GetString(), after.GetProperty("pause_reason").GetString()));
        CampaignClient.AssertPartition(after.GetProperty("counts"));
        var resumed = await Http.ReadAsync(await client.CommandAsync(id, "resume"));
        Assert.Equal(JsonValueKind.Null, resumed.GetProperty("pause_reason").ValueKind);
        var counts = (await client.CompletedAsync(id)).GetProperty("counts");
        Assert.Equal((2, Recipients - 2), (counts.GetProperty("failed").GetInt32(), Sent(counts)));
        Assert.Equal(numbers.Order(), TakenOrRefused(numbers).Order());
    }

    [Fact]
    public async Task FailuresAtTheRate_DoNotPause_OnlyAShareAboveItDoes()
    {
        // One of every four fails: 0.25 is not above 0.25.
        var days = new UsageDays();
        var (client, id, numbers) = await CampaignAsync(refused: 1, failureRate: 0.25);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));

        var done = await client.CompletedAsync(id);

        Assert.Equal(JsonValueKind.Null, done.GetProperty("pause_reason").ValueKind);
        var counts = done.GetProperty("counts");
        Assert.Equal((1, Recipients - 1), (counts.GetProperty("failed").GetInt32(), Sent(counts)));
        Assert.Equal("21211", Assert.Single(await client.RecipientsAsync(id, "failed")).GetProperty("error_code").GetString());
        Assert.Equal(numbers.Order(), TakenOrRefused(numbers).Order());
        // Usage counts what Twilio took: a campaign message's usage is counted before its send and taken back when refused.
        await Eventually.TrueAsync(async () => await OutboundUsageAsync(client, days) == Recipients - 1, "usage of the nine messages taken");
    }

    private static async Task<int> OutboundUsageAsync(CampaignClient client, UsageDays days)
    {
        var usage = await client.Api.GetFromJsonAsync<JsonElement>($"/v1/usage?{days.Query}");
        return usage.GetProperty("totals").GetProperty("outbound_messages").GetInt32();
    }

    [Fact]
    public async Task UndeliveredStatusCallbacks_CountAsFailures_AndPauseTheCampaign()
    {
        // One message a second; the first two are reported undelivered by their status callbacks once four went out.
        var (client, id, numbers) = await CampaignAsync(refused: 0, failureRate: 0.3, mps: 1);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await Eventually.TrueAsync(async () => Sent(await client.CountsAsync(id)) >= Window, "four messages to go out", TimeSpan.FromSeconds(30));
        Assert.Equal("running", (await client.GetAsync(id)).GetProperty("status").GetString()); // no failure yet

        foreach (var to in numbers.Take(2))
        {
            await StatusCallbackAsync(to, "undelivered", "30003");
        }

        JsonElement paused = default; // the conversation tells its campaign one-way, after the callback's answer
        await Eventually.TrueAsync(async () => (paused = await client.GetAsync(id)).GetProperty("status").GetString() != "running",
            "the auto-pause", TimeSpan.FromSeconds(30));
        Assert.Equal(("paused", "failure_rate"), (paused.GetProperty("status").GetString(), paused.GetProperty("pause_reason").GetString()));
        CampaignClient.AssertPartition(paused.GetProperty("counts"));
        var failed = await client.RecipientsAsync(id, "failed");
        Assert.Equal(numbers.Take(2), failed.Select(r => r.GetProperty("phone_number").GetString()));
        Assert.All(failed, r => Assert.Equal("30003", r.GetProperty("error_code").GetString()));
        Assert.True(paused.GetProperty("counts").GetProperty("pending").GetInt32() > 0, "the pause came before the audience was through");
    }

    [Fact]
    public async Task DeliveredStatusCallbacks_ArrivingTogether_AreEachCountedOnce()
    {
        var (client, id, numbers) = await CampaignAsync(refused: 0, failureRate: 0.5, mps: 20);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await client.CompletedAsync(id);

        // Every recipient's callback at once, three of them twice (Twilio may repeat a callback).
        await Task.WhenAll(numbers.Concat(numbers.Take(3)).Select(to => StatusCallbackAsync(to, "delivered")));

        JsonElement counts = default;
        await Eventually.TrueAsync(async () => (counts = await client.CountsAsync(id)).GetProperty("delivered").GetInt32() == Recipients,
            "every delivery to be counted", TimeSpan.FromSeconds(30));
        CampaignClient.AssertPartition(counts);
        Assert.Equal(0, counts.GetProperty("sent").GetInt32());
        Assert.Equal(numbers.Order(), (await client.RecipientsAsync(id, "delivered")).Select(r => r.GetProperty("phone_number").GetString()!).Order());
    }

    /// <summary>Posts Twilio's status callback for the one message to <paramref name="to"/>.</summary>
    private Task StatusCallbackAsync(string to, string status, string? errorCode = null) =>
        StatusCallback.PostAsync(factory, factory.Twilio.Messages.Single(m => m.To == to), status, errorCode);

    private static int Sent(JsonElement counts) => counts.GetProperty("sent").GetInt32() + counts.GetProperty("delivered").GetInt32();

    /// <summary>The recipients of message requests the fake got (taken or refused), one entry per request.</summary>
    private List<string> TakenOrRefused(string[] numbers) =>
        factory.Twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Select(r => r.Form.GetValueOrDefault("To", "")).Where(numbers.Contains).ToList();
}
