using Orleans.Sms.Agents;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;
using Orleans.Sms.UseCases;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>Opt-out on every send path, HELP, and delivery reports that never move backwards (docs/api.md: Twilio webhooks).</summary>
public abstract class OptOutAndDeliveryTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : OptOutAndDeliveryTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : OptOutAndDeliveryTests(fixture);

    [Fact]
    public async Task OptedOut_EverySendPathIsRefused()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("hi");
        await pair.OutboxReachesAsync(1);
        await pair.TextAsync("STOP");
        var recorded = (await pair.ViewAsync()).Messages.Count;

        var outbound = await pair.Grain.StartOutboundAsync(new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, "Special offer!"));
        var manual = await pair.Grain.ReplyAsync(pair.Owner, "Are you sure?");
        await pair.TextAsync("why did you text me"); // not START: still opted out; the agent's echo must be refused
        await Eventually.TrueAsync(async () => (await pair.ViewAsync()).Messages.Count == recorded + 2, "the refused agent reply to be recorded");
        fixture.Clock.Advance(TimeSpan.FromHours(24));
        await pair.TickAsync(); // the warning would go out here for an engaged session

        Assert.Equal(SmsErrorCodes.RecipientOptedOut, outbound.Error?.Code);
        Assert.Equal(SmsErrorCodes.RecipientOptedOut, manual.Error?.Code);
        var view = await pair.ViewAsync();
        var refused = view.Messages.Where(m => m.Direction == MessageDirection.Outbound && m.ErrorCode == SmsErrorCodes.RecipientOptedOut).ToList();
        Assert.Equal(2, refused.Count); // the agent's echo and the warning, recorded as failed, never sent
        Assert.All(refused, m => Assert.Equal(DeliveryStatus.Failed, m.DeliveryStatus));
        Assert.Single(await pair.OutboxAsync());
    }

    [Fact]
    public async Task OptIn_AllowsSendingAgain()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await pair.TextAsync("STOP");

        await pair.TextAsync("start");
        var sent = await pair.Grain.StartOutboundAsync(new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, "Welcome back"));

        Assert.True(sent.Succeeded);
        Assert.Equal(ConversationStatus.InProgress, (await pair.ViewAsync()).Status);
        Assert.Equal("Welcome back", Assert.Single(await pair.OutboxAsync()).Body);
    }

    [Fact]
    public async Task StopAndStart_AreRecordedInTheStandingByTheConversationThatReceivesThem()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var standing = fixture.Grains.GetGrain<IRecipientGrain>(IRecipientGrain.KeyFor(pair.UseCaseId, pair.CustomerNumber));
        InboundSms Inbound(string sid, string body) => new(sid, pair.CustomerNumber, pair.AgentNumber, body, []);

        // Straight to the conversation, as the router hands it over: no one else writes the standing.
        await pair.Grain.ReceiveAsync(Inbound("SMstop1", "STOP"), pair.Route, InboundKeyword.OptOut);
        Assert.True((await standing.GetAsync()).OptedOut);

        await pair.Grain.ReceiveAsync(Inbound("SMstart1", "START"), pair.Route, InboundKeyword.OptIn);
        Assert.False((await standing.GetAsync()).OptedOut);

        var repeat = await pair.Grain.ReceiveAsync(Inbound("SMstop1", "STOP"), pair.Route, InboundKeyword.OptOut);
        Assert.True(repeat.Duplicate); // a repeat of the first STOP is acknowledged and changes nothing
        Assert.False((await standing.GetAsync()).OptedOut);
    }

    [Fact]
    public async Task StopStoredButItsAcknowledgementLost_TheRetryIsADuplicate_AndTheOptOutStandsForEverySend()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var standing = fixture.Grains.GetGrain<IRecipientGrain>(IRecipientGrain.KeyFor(pair.UseCaseId, pair.CustomerNumber));
        await pair.TextAsync("hello");
        fixture.Storage.FailNextWrite(pair.GrainId, committed: true);

        await Assert.ThrowsAnyAsync<Exception>(() => pair.TextAsync("STOP", providerId: "SMstoplostack00000000000000000001"));
        var retry = await pair.TextAsync("STOP", providerId: "SMstoplostack00000000000000000001");

        // The retry changes nothing (storage has the STOP): the opt-out must have been stored before the write that failed.
        Assert.True(retry.Duplicate);
        Assert.True((await standing.GetAsync()).OptedOut);
        var outbound = await pair.Grain.StartOutboundAsync(new OutboundRequest(pair.Route, pair.AgentNumber, pair.CustomerNumber, "Still there?"));
        Assert.Equal(SmsErrorCodes.RecipientOptedOut, outbound.Error?.Code);
        Assert.Equal(ConversationStatus.Dnc, (await pair.ViewAsync()).Status);
        Assert.Empty(await pair.OutboxAsync());
    }

    [Fact]
    public async Task OptOut_IsPerMessagingService()
    {
        var first = await fixture.NewPairAsync(agentType: null);
        var second = await fixture.NewPairAsync(agentType: null) with { CustomerNumber = first.CustomerNumber };
        await first.TextAsync("STOP");

        var other = await second.Grain.StartOutboundAsync(new OutboundRequest(second.Route, second.AgentNumber, second.CustomerNumber, "Hello"));

        Assert.True(other.Succeeded);
        Assert.True((await fixture.Grains.GetGrain<IRecipientGrain>(IRecipientGrain.KeyFor(first.UseCaseId, first.CustomerNumber)).GetAsync()).OptedOut);
    }

    [Fact]
    public async Task Help_IsAnsweredWithTheHelpTextEvenWhenOptedOutAndNeverReachesTheAgent()
    {
        var pair = await fixture.NewPairAsync();
        await pair.TextAsync("STOP");

        await pair.TextAsync("help");

        var outbox = await pair.OutboxReachesAsync(1);
        Assert.Equal("Test: reply STOP to opt out. Msg & data rates may apply.", outbox[0].Body);
        var help = (await pair.ViewAsync()).Messages[^1];
        Assert.Equal((MessageRole.System, MessageSource.System), (help.Role, help.Source));
    }

    [Fact]
    public async Task Help_OwedAnswerHasTheReminderWithinItsMargin_SoALostSiloStillAnswersIt()
    {
        var pair = await fixture.NewPairAsync(agentType: null);

        var before = DateTime.UtcNow;
        await pair.TextAsync("help");
        await pair.OutboxReachesAsync(1);

        // Armed in the write that recorded HELP: the margin away, not the engaged session's 24-hour warning.
        var reminder = await fixture.Reminders.FindAsync(pair.GrainId, "session");
        Assert.NotNull(reminder);
        Assert.InRange(reminder.StartAt, before, DateTime.UtcNow + ReminderSchedule.SafetyMargin);
    }

    [Fact]
    public async Task DeliveryReports_MoveForwardOnlyAndMatchByMessageId()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sent = await pair.StartOutboundAsync("Your appointment is tomorrow at 9.");
        var sid = (await pair.OutboxAsync())[0].MessageSid;

        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(null, sid, DeliveryStatus.Delivered, null));
        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(null, sid, DeliveryStatus.Sent, null)); // late
        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(null, sid, DeliveryStatus.Delivered, null)); // repeat
        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(null, "SMunknown", DeliveryStatus.Failed, "30003"));

        var message = Assert.Single((await pair.ViewAsync()).Messages);
        Assert.Equal((sent.MessageId, DeliveryStatus.Delivered, (string?)null), (message.MessageId, message.DeliveryStatus, message.ErrorCode));
        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(message.MessageId, "SMother", DeliveryStatus.Read, null));
        Assert.Equal(DeliveryStatus.Read, Assert.Single((await pair.ViewAsync()).Messages).DeliveryStatus);
    }

    [Fact]
    public async Task DeliveryReports_OnTheWayRideOnTheNextWrite_FinalIsWrittenBeforeTheAnswer()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sent = await pair.StartOutboundAsync("Your appointment is tomorrow at 9.");
        var sid = (await pair.OutboxAsync())[0].MessageSid;
        var writes = fixture.Storage.WritesOf(pair.GrainId);

        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(sent.MessageId, sid, DeliveryStatus.Sent, null));
        Assert.Equal(writes, fixture.Storage.WritesOf(pair.GrainId));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single((await pair.ViewAsync()).Messages).DeliveryStatus);

        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(sent.MessageId, sid, DeliveryStatus.Delivered, null));
        Assert.Equal(writes + 1, fixture.Storage.WritesOf(pair.GrainId));
        await fixture.Cluster.DeactivateAsync(pair.Grain);
        Assert.Equal(DeliveryStatus.Delivered, Assert.Single((await pair.ViewAsync()).Messages).DeliveryStatus);
    }

    [Fact]
    public async Task DeliveryReport_OnTheWay_IsWrittenWhenTheConversationDeactivates()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var sent = await pair.StartOutboundAsync("Your appointment is tomorrow at 9.");
        var sid = (await pair.OutboxAsync())[0].MessageSid;

        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(sent.MessageId, sid, DeliveryStatus.Sent, null));
        await fixture.Cluster.DeactivateAsync(pair.Grain);

        Assert.Equal((DeliveryStatus.Sent, sid), Assert.Single((await pair.ViewAsync()).Messages) is var m ? (m.DeliveryStatus, m.ProviderMessageSid) : default);
    }

    [Fact]
    public async Task DeliveryReport21610_OptsTheRecipientOut()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        await pair.StartOutboundAsync("Hello");
        var sid = (await pair.OutboxAsync())[0].MessageSid;

        await pair.Grain.ReportDeliveryAsync(new DeliveryReport(null, sid, DeliveryStatus.Failed, "21610"));

        var view = await pair.ViewAsync();
        Assert.Equal(ConversationStatus.Dnc, view.Status);
        Assert.Equal(SessionEndReason.OptedOut, view.Session!.EndReason);
        Assert.Equal(SmsErrorCodes.RecipientOptedOut, (await pair.Grain.ReplyAsync(pair.Owner, "hello?")).Error?.Code);
    }
}
