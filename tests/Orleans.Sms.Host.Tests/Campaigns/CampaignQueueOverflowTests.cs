using System.Text.Json;
using Orleans.Sms.Testing;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// Twilio's queue overflow (error 30001 in a status callback: the message was dropped before it reached a carrier), over
/// real HTTP with the real Twilio SDK against the fake Twilio, on the engine clock a <see cref="FakeClockTwilioHostFactory"/>
/// moves (docs/api.md: Campaigns): the recipient is <c>held</c> and sent again after a back-off of 1, 4 and 16 minutes, with
/// a new message id; the overflow is not a failure for auto-pause; after the third resend it fails with <c>30001</c>; a
/// campaign that has completed fails it at once.
/// </summary>
/// <remarks>
/// A recipient in Los Angeles, held by quiet hours until 08:00 there, keeps each campaign running while New York's
/// recipients are sent and overflow (a campaign with nobody pending, held or sending completes, and sends nothing again).
/// Barriers: a recipient seen <c>sent</c> again, and a later notice seen applied (notices are applied in arrival order).
/// </remarks>
public abstract class CampaignQueueOverflowTests(FakeClockTwilioHostFactory factory)
{
    [Collection(FakeClockTwilioHostCollection.Name)]
    public sealed class OnMemory(FakeClockTwilioHostFactory factory) : CampaignQueueOverflowTests(factory);

    [Collection(AzureStorageFakeClockTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageFakeClockTwilioHostFactory factory) : CampaignQueueOverflowTests(factory);

    private const string Overflow = "30001";
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public async Task QueueOverflow_HoldsTheRecipient_AndSendsItAgainAfterTheBackOff_WithoutCountingAFailure()
    {
        var (client, id, (first, second, keeper)) = await StartAsync(new { failure_rate = 0.4, window = 2 });
        var dropped = Assert.Single(SentTo(first));
        var droppedAt = factory.Clock.GetUtcNow();

        await StatusCallback.PostAsync(factory, dropped, "failed", Overflow);

        var held = await RecipientAsync(client, id, first, "held");
        Assert.Equal(Overflow, held.GetProperty("error_code").GetString());
        var campaign = await client.GetAsync(id);
        // One failure of two sent would be 0.5 > 0.4: the overflow is taken out of the window, not counted as failed.
        Assert.Equal("running", campaign.GetProperty("status").GetString());
        Assert.Equal([2, 1, 0], Counts(campaign, "held", "sent", "failed"));
        CampaignClient.AssertPartition(campaign.GetProperty("counts"));

        // A second before the back-off ends: a probe added now is sent, the dropped recipient is not.
        factory.Clock.SetUtcNow(droppedAt + TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        var probe = TestTenant.NewNumber("212");
        await client.AddNumbersAsync(id, probe);
        await RecipientAsync(client, id, probe, "sent");
        Assert.Equal("held", (await RecipientAsync(client, id, first)).GetProperty("status").GetString());
        Assert.Single(SentTo(first));

        factory.Clock.SetUtcNow(droppedAt + TimeSpan.FromMinutes(1));
        var resent = await RecipientAsync(client, id, first, "sent");

        var messages = SentTo(first);
        Assert.Equal(2, messages.Count);
        Assert.Equal(dropped.Body, messages[1].Body);
        Assert.NotEqual(held.GetProperty("message_id").GetString(), resent.GetProperty("message_id").GetString());
        Assert.Equal(JsonValueKind.Null, resent.GetProperty("error_code").ValueKind);
        Assert.Equal(droppedAt + TimeSpan.FromMinutes(1), resent.GetProperty("sent_at").GetDateTimeOffset());

        // Twilio repeats the old message's callback: nothing changes; the resend's delivery (after it) is counted.
        await StatusCallback.PostAsync(factory, dropped, "failed", Overflow);
        await StatusCallback.PostAsync(factory, messages[1], "delivered");
        await RecipientAsync(client, id, first, "delivered");
        campaign = await client.GetAsync(id);
        Assert.Equal([1, 1, 2, 0], Counts(campaign, "held", "delivered", "sent", "failed"));
        Assert.Equal(2, SentTo(first).Count);

        factory.Clock.SetUtcNow(LocalTime.Next(factory.Clock.GetUtcNow(), LosAngeles, new TimeOnly(8, 0)));
        var done = await client.CompletedAsync(id);
        Assert.Equal([1, 3, 0], Counts(done, "delivered", "sent", "failed"));
        CampaignClient.AssertPartition(done.GetProperty("counts"));
        Assert.Equal([1, 1], [SentTo(second).Count, SentTo(keeper).Count]);
    }

    [Fact]
    public async Task QueueOverflow_AfterTheThirdResend_FailsTheRecipientWith30001()
    {
        var (client, id, (first, _, _)) = await StartAsync();
        var backOffs = new[] { 1, 4, 16 };

        for (var resend = 0; resend < backOffs.Length; resend++)
        {
            await StatusCallback.PostAsync(factory, SentTo(first)[^1], "undelivered", Overflow);
            await RecipientAsync(client, id, first, "held");
            factory.Clock.Advance(TimeSpan.FromMinutes(backOffs[resend]));
            await RecipientAsync(client, id, first, "sent");
            Assert.Equal(resend + 2, SentTo(first).Count);
        }
        await StatusCallback.PostAsync(factory, SentTo(first)[^1], "undelivered", Overflow);

        var failed = await RecipientAsync(client, id, first, "failed");
        Assert.Equal(Overflow, failed.GetProperty("error_code").GetString());
        var campaign = await client.GetAsync(id);
        Assert.Equal([1, 1, 1], Counts(campaign, "failed", "held", "sent")); // the keeper is still held
        CampaignClient.AssertPartition(campaign.GetProperty("counts"));
        // Well past another back-off: a probe added now is sent; the failed recipient is not sent again.
        factory.Clock.Advance(TimeSpan.FromMinutes(64));
        var probe = TestTenant.NewNumber("212");
        await client.AddNumbersAsync(id, probe);
        await RecipientAsync(client, id, probe, "sent");
        Assert.Equal(4, SentTo(first).Count);
        Assert.Equal("failed", (await RecipientAsync(client, id, first)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task QueueOverflow_AfterTheCampaignCompleted_FailsTheRecipient()
    {
        var client = await ClientAsync();
        var customer = TestTenant.NewNumber("212");
        var id = await client.CreateAsync("Your refill is ready.");
        await client.AddNumbersAsync(id, customer);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await client.CompletedAsync(id);

        await StatusCallback.PostAsync(factory, Assert.Single(SentTo(customer)), "failed", Overflow);

        var failed = await RecipientAsync(client, id, customer, "failed");
        Assert.Equal(Overflow, failed.GetProperty("error_code").GetString());
        var campaign = await client.GetAsync(id);
        Assert.Equal("completed", campaign.GetProperty("status").GetString());
        Assert.Equal([1, 0, 0], Counts(campaign, "failed", "held", "sent"));
        Assert.Single(SentTo(customer));
    }

    /// <summary>
    /// A running campaign at 08:30 in New York: two New York recipients sent, a Los Angeles one held (05:30 there).
    /// </summary>
    private async Task<(CampaignClient Client, string Id, (string First, string Second, string Keeper) Numbers)> StartAsync(object? autoPause = null)
    {
        var client = await ClientAsync();
        factory.Clock.SetUtcNow(LocalTime.Next(factory.Clock.GetUtcNow(), NewYork, new TimeOnly(8, 30)));
        var (first, second, keeper) = (TestTenant.NewNumber("212"), TestTenant.NewNumber("212"), TestTenant.NewNumber("213"));
        var id = await client.CreateAsync("Your flu shot is due.",
            new { quiet_hours = new { start = "08:00", end = "21:00" }, auto_pause = autoPause ?? new { failure_rate = 0.5, window = 100 } });
        await client.AddNumbersAsync(id, first, second, keeper);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await RecipientAsync(client, id, first, "sent");
        await RecipientAsync(client, id, second, "sent");
        Assert.Equal("held", (await RecipientAsync(client, id, keeper)).GetProperty("status").GetString());
        return (client, id, (first, second, keeper));
    }

    private Task<CampaignClient> ClientAsync() => CampaignClient.OnFakeClockAsync(factory);

    /// <summary>The recipient with <paramref name="number"/>, once its status is <paramref name="status"/> (any, when null).</summary>
    private static async Task<JsonElement> RecipientAsync(CampaignClient client, string id, string number, string? status = null)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            found = (await client.RecipientsAsync(id)).SingleOrDefault(r => r.GetProperty("phone_number").GetString() == number);
            return found.ValueKind != JsonValueKind.Undefined && (status is null || found.GetProperty("status").GetString() == status);
        }, $"{number} to be {status ?? "listed"}");
        return found;
    }

    private List<FakeTwilioMessage> SentTo(string number) => factory.Twilio.Messages.Where(m => m.To == number).ToList();

    private static int[] Counts(JsonElement campaign, params string[] statuses) =>
        statuses.Select(s => campaign.GetProperty("counts").GetProperty(s).GetInt32()).ToArray();
}
