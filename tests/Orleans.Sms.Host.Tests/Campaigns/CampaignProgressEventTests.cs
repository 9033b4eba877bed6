using System.Text.Json;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Client;
using Orleans.Sms.Events;
using Orleans.Sms.Testing;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// Campaign progress events (docs/api.md, "Progress events") as an SDK client sees them: a client connected to the host's
/// gateway watches campaigns run over HTTP with the real Twilio SDK against the fake Twilio.
/// </summary>
[Collection(TwilioHostCollection.Name)]
public sealed class CampaignProgressEventTests(TwilioHostFactory factory)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private async Task<(CampaignClient Client, string Id, string[] Numbers)> CampaignAsync(int recipients, object? extra = null)
    {
        var client = new CampaignClient(await ApiTenant.CreateAsync(factory));
        await client.SetMpsAsync(1000);
        var numbers = Enumerable.Range(0, recipients).Select(_ => TestTenant.NewNumber("646")).ToArray();
        var id = await client.CreateAsync("Your table is ready.", extra);
        await client.AddNumbersAsync(id, numbers);
        return (client, id, numbers);
    }

    [Fact]
    public async Task ACampaignRunToCompletion_EndsWithACompletedEvent_WhoseCountsAreTheCampaigns()
    {
        var (client, id, _) = await CampaignAsync(recipients: 6);
        await using var sdk = await SdkClient.StartAsync(factory, client.Tenant.TenantId);
        await using var progress = await sdk.Engine.SubscribeCampaignsAsync();

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        var seen = new List<CampaignEvent>();
        var completed = await UntilAsync(progress, seen, e => e.CampaignId == id && e.Status == CampaignStatus.Completed);

        var view = await client.CompletedAsync(id);
        Assert.Equal(CountsOf(view.GetProperty("counts")), completed.Counts);
        Assert.Equal((6, 6, 0), (completed.Counts.Total, completed.Counts.Sent, completed.Counts.Pending));
        Assert.Null(completed.PauseReason);
        Assert.Contains(seen, e => e.Status == CampaignStatus.Running);
        Assert.All(seen, e => Assert.Equal((client.Tenant.TenantId, "live", id), (e.TenantId, e.Environment, e.CampaignId)));
        Assert.All(seen, e => Assert.Equal(e.Counts.Total, e.Counts.Partitioned())); // every event is a whole state
    }

    [Fact]
    public async Task AnAutoPause_PublishesItsReason_AndTheResumeClearsIt()
    {
        // Two of the first four refused (400, 21211): 0.5 > 0.3 once the window of four is full.
        var (client, id, numbers) = await CampaignAsync(recipients: 8, new { auto_pause = new { failure_rate = 0.3, window = 4 } });
        foreach (var number in numbers.Take(2))
        {
            factory.Twilio.RefuseMessagesTo(number, TwilioFault.InvalidTo);
        }
        await using var sdk = await SdkClient.StartAsync(factory, client.Tenant.TenantId);
        await using var progress = await sdk.Engine.SubscribeCampaignsAsync();

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        var seen = new List<CampaignEvent>();
        var paused = await UntilAsync(progress, seen, e => e.Status == CampaignStatus.Paused);

        Assert.Equal(PauseReason.FailureRate, paused.PauseReason);
        var view = await client.GetAsync(id);
        Assert.Equal(("paused", "failure_rate"), (view.GetProperty("status").GetString(), view.GetProperty("pause_reason").GetString()));
        Assert.Equal(CountsOf(view.GetProperty("counts")), paused.Counts); // a paused campaign sends nothing more
        Assert.Equal(2, paused.Counts.Failed);

        await Http.ReadAsync(await client.CommandAsync(id, "resume"));
        var resumed = await UntilAsync(progress, seen, e => e.Status != CampaignStatus.Paused);
        Assert.Null(resumed.PauseReason);
        var completed = resumed.Status == CampaignStatus.Completed
            ? resumed
            : await UntilAsync(progress, seen, e => e.Status == CampaignStatus.Completed);
        Assert.Equal(CountsOf((await client.CompletedAsync(id)).GetProperty("counts")), completed.Counts);
    }

    [Fact]
    public async Task AManualPause_PublishesManual()
    {
        var (client, id, _) = await CampaignAsync(recipients: 3);
        await client.SetMpsAsync(0.2); // one message every 5 s: the pause comes long before the last
        await using var sdk = await SdkClient.StartAsync(factory, client.Tenant.TenantId);
        await using var progress = await sdk.Engine.SubscribeCampaignsAsync();

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await Http.ReadAsync(await client.CommandAsync(id, "pause"));

        var paused = await UntilAsync(progress, [], e => e.Status == CampaignStatus.Paused);
        Assert.Equal(PauseReason.Manual, paused.PauseReason);
        Assert.True(paused.Counts.Pending > 0, "paused before the audience was through");
    }

    [Fact]
    public async Task SubscribersOfAnotherEnvironmentOrTenant_HearNothingOfACampaign()
    {
        var (client, id, _) = await CampaignAsync(recipients: 4);
        var stranger = await ApiTenant.CreateAsync(factory, withNumber: false);
        await using var sdk = await SdkClient.StartAsync(factory, client.Tenant.TenantId);
        await using var live = await sdk.Engine.SubscribeCampaignsAsync();
        await using var sandbox = await sdk.EngineFor(client.Tenant.TenantId, "sandbox").SubscribeCampaignsAsync();
        await using var otherTenant = await sdk.EngineFor(stranger.TenantId, "live").SubscribeCampaignsAsync();

        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        await UntilAsync(live, [], e => e.CampaignId == id && e.Status == CampaignStatus.Completed);

        // Their first event is a barrier published to their own hubs after the campaign completed: nothing came before it.
        foreach (var (subscription, owner) in new[] { (sandbox, sandbox.Owner), (otherTenant, otherTenant.Owner) })
        {
            var barrier = new CampaignEvent("cmp_barrier", owner.TenantId, owner.Environment, CampaignStatus.Draft, null, new(), DateTimeOffset.UtcNow);
            await sdk.Cluster.GetGrain<ITenantEventsEngineGrain>(ITenantEventsGrain.KeyFor(owner)).PublishCampaignAsync(barrier);
            Assert.Equal("cmp_barrier", (await Eventually.NextAsync(subscription.Events)).CampaignId);
            Assert.False(subscription.Events.TryRead(out _));
        }
    }

    /// <summary>Reads events (recording each in <paramref name="seen"/>) until one matches.</summary>
    private static async Task<CampaignEvent> UntilAsync(CampaignEventSubscription subscription, List<CampaignEvent> seen, Func<CampaignEvent, bool> match)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (true)
        {
            var e = await subscription.Events.ReadAsync(timeout.Token);
            seen.Add(e);
            if (match(e))
            {
                return e;
            }
        }
    }

    private static CampaignCounts CountsOf(JsonElement c) => new()
    {
        Total = c.GetProperty("total").GetInt32(),
        Pending = c.GetProperty("pending").GetInt32(),
        Held = c.GetProperty("held").GetInt32(),
        Sending = c.GetProperty("sending").GetInt32(),
        Sent = c.GetProperty("sent").GetInt32(),
        Delivered = c.GetProperty("delivered").GetInt32(),
        Failed = c.GetProperty("failed").GetInt32(),
        Skipped = c.GetProperty("skipped").GetInt32(),
        Cancelled = c.GetProperty("cancelled").GetInt32(),
        Replied = c.GetProperty("replied").GetInt32(),
        OptedOut = c.GetProperty("opted_out").GetInt32(),
    };
}
