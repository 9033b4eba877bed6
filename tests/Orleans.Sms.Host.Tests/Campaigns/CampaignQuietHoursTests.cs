using System.Text.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// Quiet hours and <c>send_at</c> end to end (docs/api.md: Campaigns), on the engine clock a <see cref="FakeClockHostFactory"/> moves:
/// each recipient's window is read in its number's own zone, a recipient outside it is <c>held</c> and sent when it opens
/// (at that instant: <c>sent_at</c> is the fake clock's, exactly), across the US spring-forward gap too; a campaign with
/// <c>send_at</c> stays <c>scheduled</c> until the clock reaches it.
/// </summary>
/// <remarks>
/// Barriers: recipients due together are decided in one step, so when one of them shows <c>sent</c> the others' fate in that
/// step is fixed; a recipient added to a running campaign (or in its window already) is a probe that a step ran at the
/// clock's current instant.
/// </remarks>
public abstract class CampaignQuietHoursTests(FakeClockHostFactory factory)
{
    [Collection(FakeClockHostCollection.Name)]
    public sealed class OnMemory(FakeClockHostFactory factory) : CampaignQuietHoursTests(factory);

    [Collection(AzureStorageFakeClockHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageFakeClockHostFactory factory) : CampaignQuietHoursTests(factory);

    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static int _ukNumbers;

    private static string NewLondonNumber() => $"+44207{Interlocked.Increment(ref _ukNumbers) + 1_000_000:D7}";

    private Task<CampaignClient> ClientAsync() => CampaignClient.OnFakeClockAsync(factory);

    [Fact]
    public async Task Recipients_InTheirOwnZones_OneSent_OtherHeldUntilItsWindowOpens()
    {
        var client = await ClientAsync();
        var (newYork, losAngeles, london) = (TestTenant.NewNumber("212"), TestTenant.NewNumber("213"), NewLondonNumber());
        var start = Next(NewYork, new TimeOnly(8, 30)); // 05:30 in Los Angeles, 13:30 (or 12:30) in London
        factory.Clock.SetUtcNow(start);
        var id = await client.CreateAsync("Your pharmacy order is ready.", new { quiet_hours = new { start = "08:00", end = "21:00" } });
        var added = await client.AddNumbersAsync(id, newYork, losAngeles, london);
        Assert.Equal(3, added.GetProperty("added").GetInt32());

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await SentAsync(client, id, newYork);
        await SentAsync(client, id, london); // the number is free again a millisecond later (its pace): maybe at the next step

        var recipients = await StatusesAsync(client, id);
        Assert.Equal(("sent", "held", "sent"), (recipients[newYork].Status, recipients[losAngeles].Status, recipients[london].Status));
        Assert.Equal((start, start), (recipients[newYork].SentAt, recipients[london].SentAt));
        var counts = await client.CountsAsync(id);
        Assert.Equal((1, 2), (counts.GetProperty("held").GetInt32(), counts.GetProperty("sent").GetInt32()));
        Assert.Equal("running", (await client.GetAsync(id)).GetProperty("status").GetString()); // a held recipient keeps it running

        // A minute before 08:00 in Los Angeles: a probe (a New York recipient) goes; Los Angeles still waits.
        var opens = Next(LosAngeles, new TimeOnly(8, 0));
        factory.Clock.SetUtcNow(opens - TimeSpan.FromMinutes(1));
        var probe = TestTenant.NewNumber("212");
        await client.AddNumbersAsync(id, probe);
        await SentAsync(client, id, probe);
        Assert.Equal("held", (await StatusesAsync(client, id))[losAngeles].Status);

        factory.Clock.SetUtcNow(opens);
        var done = await client.CompletedAsync(id);

        Assert.Equal(opens, (await StatusesAsync(client, id))[losAngeles].SentAt);
        CampaignClient.AssertPartition(done.GetProperty("counts"));
        Assert.Equal(4, done.GetProperty("counts").GetProperty("sent").GetInt32());
        Assert.Equal(["Your pharmacy order is ready."], await client.OutboxAsync(losAngeles));
    }

    [Fact]
    public async Task Window_OpeningInTheSpringForwardGap_OpensAtTheFirstInstantAfterIt()
    {
        // 14 March 2027, New York: 02:00 EST becomes 03:00 EDT (07:00 UTC). A window from 02:30 opens at 03:00 EDT that day:
        // neither 06:30 UTC (02:30 at -4) nor 07:30 UTC (02:30 at -5). Puerto Rico (-4, no DST) opens at 06:30 UTC: the probe.
        var client = await ClientAsync();
        var (newYork, puertoRico) = (TestTenant.NewNumber("212"), TestTenant.NewNumber("787"));
        var night = new DateTimeOffset(2027, 3, 14, 6, 0, 0, TimeSpan.Zero);
        Assert.True(factory.Clock.GetUtcNow() <= night, "the fake clock has passed the spring-forward night; start it earlier");
        factory.Clock.SetUtcNow(night);
        var id = await client.CreateAsync("Clinic hours change today.", new { quiet_hours = new { start = "02:30", end = "21:00" } });
        Assert.Equal(2, (await client.AddNumbersAsync(id, newYork, puertoRico)).GetProperty("added").GetInt32());

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await Eventually.TrueAsync(async () => (await client.CountsAsync(id)).GetProperty("held").GetInt32() == 2, "both held at 01:00 EST / 02:00 AST");

        factory.Clock.SetUtcNow(night.AddMinutes(45)); // 01:45 EST, 02:45 AST
        await SentAsync(client, id, puertoRico);
        Assert.Equal("held", (await StatusesAsync(client, id))[newYork].Status);

        var afterGap = new DateTimeOffset(2027, 3, 14, 7, 0, 0, TimeSpan.Zero);
        factory.Clock.SetUtcNow(afterGap);
        await SentAsync(client, id, newYork);

        var sent = await StatusesAsync(client, id);
        Assert.Equal((night.AddMinutes(45), afterGap), (sent[puertoRico].SentAt, sent[newYork].SentAt));
        Assert.Equal(new DateTime(2027, 3, 14, 3, 0, 0), TimeZoneInfo.ConvertTime(afterGap, NewYork).DateTime);
        await client.CompletedAsync(id);
    }

    [Fact]
    public async Task SendAt_KeepsTheCampaignScheduled_UntilTheClockReachesIt()
    {
        var client = await ClientAsync();
        var numbers = new[] { TestTenant.NewNumber("212"), TestTenant.NewNumber("212") };
        var sendAt = new DateTimeOffset(factory.Clock.GetUtcNow().UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero).AddHours(2);
        var id = await client.CreateAsync("Open house on Saturday.", new { send_at = sendAt });
        await client.AddNumbersAsync(id, numbers);

        Assert.Equal("scheduled", (await Http.ReadAsync(await client.CommandAsync(id, "start"))).GetProperty("status").GetString());
        factory.Clock.SetUtcNow(sendAt - TimeSpan.FromSeconds(1));
        // Probe: another campaign of the tenant, due now, goes; this one, a second short of its time, does not.
        var probe = await client.CreateAsync("Probe.");
        await client.AddNumbersAsync(probe, TestTenant.NewNumber("212"));
        await Http.ReadAsync(await client.CommandAsync(probe, "start"));
        await client.CompletedAsync(probe);
        var waiting = await client.GetAsync(id);
        Assert.Equal(("scheduled", 2), (waiting.GetProperty("status").GetString(), waiting.GetProperty("counts").GetProperty("pending").GetInt32()));

        factory.Clock.SetUtcNow(sendAt);
        await client.CompletedAsync(id);

        var sent = await StatusesAsync(client, id);
        Assert.All(numbers, n => Assert.Equal(("sent", sendAt), (sent[n].Status, sent[n].SentAt)));
    }

    [Fact]
    public async Task SendAt_InOneRecipientsQuietHours_StartsTheCampaign_AndHoldsOnlyThemUntilTheirWindowOpens()
    {
        var client = await ClientAsync();
        var (newYork, losAngeles) = (TestTenant.NewNumber("212"), TestTenant.NewNumber("213"));
        var sendAt = Next(NewYork, new TimeOnly(22, 0)); // 19:00 in Los Angeles: inside its window, outside New York's
        var id = await client.CreateAsync("Flu clinic tomorrow.", new { send_at = sendAt, quiet_hours = new { start = "08:00", end = "21:00" } });
        await client.AddNumbersAsync(id, newYork, losAngeles);
        Assert.Equal("scheduled", (await Http.ReadAsync(await client.CommandAsync(id, "start"))).GetProperty("status").GetString());

        factory.Clock.SetUtcNow(sendAt);
        await SentAsync(client, id, losAngeles); // decided in the same step as New York

        var atSendAt = await StatusesAsync(client, id);
        Assert.Equal(("held", "sent", sendAt), (atSendAt[newYork].Status, atSendAt[losAngeles].Status, atSendAt[losAngeles].SentAt));
        Assert.Equal("running", (await client.GetAsync(id)).GetProperty("status").GetString());
        Assert.Empty(await client.OutboxAsync(newYork));

        var opens = Next(NewYork, new TimeOnly(8, 0));
        factory.Clock.SetUtcNow(opens);
        var done = await client.CompletedAsync(id);

        Assert.Equal(("sent", opens), (await StatusesAsync(client, id))[newYork]);
        CampaignClient.AssertPartition(done.GetProperty("counts"));
        Assert.Equal(["Flu clinic tomorrow."], await client.OutboxAsync(newYork));
    }

    [Fact]
    public async Task HeldRecipients_MoreThanTheirNumberTakesAtOnce_EachGoesWhenTheNumberIsFree()
    {
        // One number at 1 message a second: when the window opens, a step books one of the two held recipients; the
        // other is still due (its window is open) and goes a second later. It used to stay held for good, and the
        // campaign running: nothing said when to look at the held ones again.
        var client = await ClientAsync();
        await client.SetMpsAsync(1);
        var (first, second) = (TestTenant.NewNumber("213"), TestTenant.NewNumber("213"));
        var opens = LocalTime.Next(factory.Clock.GetUtcNow() + TimeSpan.FromMinutes(5), LosAngeles, new TimeOnly(8, 0));
        factory.Clock.SetUtcNow(opens - TimeSpan.FromMinutes(1));
        var id = await client.CreateAsync("Your refill is ready.", new { quiet_hours = new { start = "08:00", end = "21:00" } });
        await client.AddNumbersAsync(id, first, second);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await Eventually.TrueAsync(async () => (await client.CountsAsync(id)).GetProperty("held").GetInt32() == 2, "both held before 08:00");

        factory.Clock.SetUtcNow(opens);
        await Eventually.TrueAsync(async () => (await StatusesAsync(client, id)).Values.Count(r => r.Status == "sent") == 1, "one sent at 08:00");
        Assert.Equal(1, (await client.CountsAsync(id)).GetProperty("held").GetInt32());
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var done = await client.CompletedAsync(id);

        CampaignClient.AssertPartition(done.GetProperty("counts"));
        Assert.Equal(2, done.GetProperty("counts").GetProperty("sent").GetInt32());
        var statuses = await StatusesAsync(client, id);
        Assert.Equal([opens, opens + TimeSpan.FromSeconds(1)], statuses.Values.Select(r => r.SentAt!.Value).Order());
        Assert.Single(await client.OutboxAsync(first));
        Assert.Single(await client.OutboxAsync(second));
    }

    private DateTimeOffset Next(TimeZoneInfo zone, TimeOnly local) => LocalTime.Next(factory.Clock.GetUtcNow(), zone, local);

    private static Task SentAsync(CampaignClient client, string id, string number) =>
        Eventually.TrueAsync(async () => (await StatusesAsync(client, id)).GetValueOrDefault(number).Status == "sent", $"{number} to be sent");

    private static async Task<Dictionary<string, (string? Status, DateTimeOffset? SentAt)>> StatusesAsync(CampaignClient client, string id) =>
        (await client.RecipientsAsync(id)).ToDictionary(
            r => r.GetProperty("phone_number").GetString()!,
            r => (r.GetProperty("status").GetString(),
                  r.GetProperty("sent_at").ValueKind == JsonValueKind.Null ? (DateTimeOffset?)null : r.GetProperty("sent_at").GetDateTimeOffset()));
}
