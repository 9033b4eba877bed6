using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Events;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>
/// A session a campaign message opened and the customer never answered ends <c>expired</c> a resume window (30 days)
/// after the message, with no timer of its own (docs/api.md: Campaigns): reads show it ended from that instant on,
/// though nothing has woken the conversation, and the ended campaign wakes the conversation a window after its end, so
/// that the session is stored ended and <c>session_ended</c> is published. Over real HTTP on both storage modes; the
/// campaign's reminder is called as Orleans would call it once due (reminders run on real time, the engine's clock here
/// is the fixture's).
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

    [Fact]
    public async Task AnEndedCampaign_WakesItsUnansweredConversationsAWindowLater_AndTheirSessionsEndedArePublished()
    {
        var client = await CampaignClient.OnFakeClockAsync(factory);
        var customers = new[] { TestTenant.NewNumber("212"), TestTenant.NewNumber("212") };
        var id = await client.CreateAsync("Your annual check-up is due.");
        await client.AddNumbersAsync(id, customers);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        var completedAt = (await client.CompletedAsync(id)).GetProperty("completed_at").GetDateTimeOffset();
        var sent = (await client.RecipientsAsync(id)).ToDictionary(
            r => r.GetProperty("conversation_id").GetString()!, r => r.GetProperty("sent_at").GetDateTimeOffset());
        Assert.Equal(2, sent.Count);

        factory.Clock.SetUtcNow(completedAt + TimeSpan.FromDays(30) + CampaignSessionSweep.Margin);
        // Subscribed now: subscriptions lapse by the engine's clock, which just moved a month.
        await using var sdk = await SdkClient.StartAsync(factory, client.Tenant.TenantId);
        await using var subscription = await sdk.Engine.SubscribeAsync();
        var campaign = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(id);
        await campaign.AsReference<IRemindable>().ReceiveReminder(CampaignGrain.SessionsReminder, default);

        var ended = await SessionsEndedAsync(subscription.Events, sent.Keys);
        Assert.All(ended, e => Assert.Equal((SessionEndReason.Expired, sent[e.ConversationId] + TimeSpan.FromDays(30)), (e.EndReason, e.At)));
        foreach (var conversationId in sent.Keys)
        {
            var sessions = await client.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}/sessions");
            var session = Assert.Single(sessions.GetProperty("sessions").EnumerateArray());
            Assert.Equal(("ended", "expired"), (session.GetProperty("state").GetString(), session.GetProperty("end_reason").GetString()));
        }
    }

    [Fact]
    public async Task ACancelledCampaign_WakesEveryUnansweredConversation_PageAfterPage()
    {
        var client = await CampaignClient.OnFakeClockAsync(factory);
        var customers = Enumerable.Range(0, 300).Select(_ => TestTenant.NewNumber("212")).ToArray();
        var id = await client.CreateAsync("Your annual check-up is due.");
        await client.AddNumbersAsync(id, customers);
        await Http.ReadAsync(await client.CommandAsync(id, "start"));
        // The number's pace books its time on the engine's clock, which stands still: each move lets a few more go. More
        // than a page of the sweep (200) is sent, and some recipients are left pending for the cancel.
        await Eventually.TrueAsync(async () =>
        {
            factory.Clock.Advance(TimeSpan.FromMilliseconds(20));
            return (await client.CountsAsync(id)).GetProperty("sent").GetInt32() > CampaignSessionSweep.PageSize;
        }, "more than a page of recipients to be sent", TimeSpan.FromSeconds(60));
        var cancelled = await Http.ReadAsync(await client.CommandAsync(id, "cancel"));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await Eventually.TrueAsync(async () => (await client.RecipientsAsync(id, "pending")).Count == 0, "the cancel to reach every pending recipient");
        var sent = (await client.RecipientsAsync(id, "sent")).ToDictionary(
            r => r.GetProperty("conversation_id").GetString()!, r => r.GetProperty("sent_at").GetDateTimeOffset());
        Assert.InRange(sent.Count, CampaignSessionSweep.PageSize + 1, customers.Length - 1);
        CampaignClient.AssertPartition(await client.CountsAsync(id));
        var lastSend = factory.Clock.GetUtcNow(); // the clock stopped moving before the sends were listed as sent

        factory.Clock.Advance(TimeSpan.FromDays(30) + CampaignSessionSweep.Margin + TimeSpan.FromSeconds(1));
        await using var sdk = await SdkClient.StartAsync(factory, client.Tenant.TenantId);
        await using var subscription = await sdk.Engine.SubscribeAsync();
        var campaign = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(id);
        await campaign.AsReference<IRemindable>().ReceiveReminder(CampaignGrain.SessionsReminder, default);

        var ended = await SessionsEndedAsync(subscription.Events, sent.Keys);
        Assert.Equal(sent.Count, ended.Count);
        // A window after the message: its session's clock started when the conversation sent it, after the step that
        // recorded sent_at (the engine's clock moved on meanwhile here) and before the sends were listed.
        Assert.All(ended, e =>
        {
            Assert.Equal(SessionEndReason.Expired, e.EndReason);
            Assert.InRange(e.At, sent[e.ConversationId] + TimeSpan.FromDays(30), lastSend + TimeSpan.FromDays(30));
        });
    }

    /// <summary>The <c>session_ended</c> event of each of <paramref name="conversationIds"/>, skipping every other event.</summary>
    private static async Task<List<ConversationEvent>> SessionsEndedAsync(ChannelReader<ConversationEvent> events, IEnumerable<string> conversationIds)
    {
        var waiting = conversationIds.ToHashSet();
        var (ended, seen) = (new List<ConversationEvent>(), new List<string>());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (waiting.Count > 0)
        {
            ConversationEvent next;
            try
            {
                next = await events.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No session_ended for {waiting.Count} conversations ({string.Join(", ", waiting.Take(5))}…) within 60 s; seen: {string.Join(", ", seen.TakeLast(20))}");
            }
            seen.Add($"{next.Kind} {next.ConversationId}");
            if (next.Kind == ConversationEventKind.SessionEnded && waiting.Remove(next.ConversationId))
            {
                ended.Add(next);
            }
        }
        return ended;
    }

    private static async Task<string?> ListedSessionStateAsync(CampaignClient client, string customer)
    {
        var page = await client.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations?customer_number={Uri.EscapeDataString(customer)}");
        return Assert.Single(page.GetProperty("conversations").EnumerateArray()).GetProperty("session_state").GetString();
    }
}
