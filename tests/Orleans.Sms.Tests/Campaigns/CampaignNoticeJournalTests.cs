using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Simulator;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>
/// A notice that comes while a step's write failed and waits for its retry: the recipient's newest version is the
/// journal's, not its stored row. The notice applies to the journal's version, and the retried write keeps what it
/// changed; a final status that comes before the step recorded the send is told again until it has.
/// </summary>
public abstract class CampaignNoticeJournalTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : CampaignNoticeJournalTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : CampaignNoticeJournalTests(fixture);

    private static readonly QuietHoursSettings NoQuietHours = QuietHoursSettings.Default with { Enabled = false };

    [Fact]
    public async Task ADeliveryWhileTheStepsStoreWriteWaitsForItsRetry_IsCounted_AndTheRowEndsDelivered()
    {
        var (pair, id, campaign, number) = await SentButNotStoredAsync();
        var messageId = (await campaign.ListRecipientsAsync(pair.Owner, null, 0, 10))!.Recipients.Single().MessageId!;

        await campaign.NoticeDeliveryAsync(number, messageId, DeliveryStatus.Delivered, null);

        CampaignView? view = null;
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))!.Counts.Delivered == 1,
            () => $"the delivery to be counted (counts {view?.Counts})");
        fixture.CampaignStore.Heal(id);
        var row = await CompletedRowAsync(pair, campaign);
        Assert.Equal((RecipientStatus.Delivered, messageId), (row.Status, row.MessageId));
        Assert.Single(await fixture.Grains.GetGrain<ISimulatorOutboxGrain>(ISimulatorOutboxGrain.KeyFor(pair.Owner)).ListAsync(number));
    }

    [Fact]
    public async Task AReplyWhileTheStepsStoreWriteWaitsForItsRetry_StaysOnTheRow()
    {
        var (pair, id, campaign, number) = await SentButNotStoredAsync();

        await campaign.NoticeInboundAsync(number, InboundNotice.Replied);

        CampaignView? view = null;
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))!.Counts.Replied == 1,
            () => $"the reply to be counted (counts {view?.Counts})");
        fixture.CampaignStore.Heal(id);
        var row = await CompletedRowAsync(pair, campaign);
        Assert.True(row.Replied, $"the row lost the reply: {row}");
        Assert.Equal(1, (await campaign.GetAsync(pair.Owner))!.Counts.Replied);
    }

    [Fact]
    public async Task ADeliveryWhileItsRecipientIsStillSendingInTheJournal_IsCountedOnceTheStepRecordsTheSend()
    {
        var (pair, campaign, number) = await CampaignOfOneAsync();
        // The step's journal write (the recipient `sending`) goes through; its write of the send's outcome fails, and
        // the step waits 5 s for its retry.
        fixture.Storage.FailNextWrite(campaign.GetGrainId(), committed: false, skip: 2); // start's write, the journal's

        Assert.True((await campaign.CommandAsync(pair.Owner, CampaignCommand.Start)).Succeeded);

        await Eventually.TrueAsync(() => Task.FromResult(!fixture.Storage.WriteFaultPending(campaign.GetGrainId())), "the outcome's write to fail");
        var shown = (await campaign.ListRecipientsAsync(pair.Owner, null, 0, 10))!.Recipients.Single();
        Assert.Equal(RecipientStatus.Sending, shown.Status);
        var sent = Assert.Single(await fixture.Grains.GetGrain<ISimulatorOutboxGrain>(ISimulatorOutboxGrain.KeyFor(pair.Owner)).ListAsync(number));

        // The carrier's report reaches the conversation, which tells the campaign.
        await fixture.Grains.GetGrain<IConversationEngineGrain>(shown.ConversationId!)
            .ReportDeliveryAsync(new DeliveryReport(shown.MessageId, sent.MessageSid, DeliveryStatus.Delivered, null));

        CampaignView? view = null;
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))! is { Status: CampaignStatus.Completed, Counts.Delivered: 1 },
            () => $"the delivery to be counted (it is {view?.Status}, counts {view?.Counts})", TimeSpan.FromSeconds(40));
        var row = (await campaign.ListRecipientsAsync(pair.Owner, null, 0, 10))!.Recipients.Single();
        Assert.Equal((RecipientStatus.Delivered, shown.MessageId), (row.Status, row.MessageId));
    }

    /// <summary>A started campaign of one recipient whose step sent and journaled the outcome, and whose store write of it failed.</summary>
    private async Task<(TestPair Pair, string Id, ICampaignGrain Campaign, string Number)> SentButNotStoredAsync()
    {
        var (pair, campaign, number) = await CampaignOfOneAsync();
        var id = campaign.GetPrimaryKeyString();
        // The step's write of its outcome as journaled fails (and its retries too, until healed); a write of the row as a
        // notice changed it goes through.
        fixture.CampaignStore.FailSaves(id, rows => rows.Any(r => r is { Status: RecipientStatus.Sent, Replied: false }));

        Assert.True((await campaign.CommandAsync(pair.Owner, CampaignCommand.Start)).Succeeded);

        await Eventually.TrueAsync(() => Task.FromResult(fixture.CampaignStore.FailedSaves(id) > 0), "the step's store write to fail");
        var shown = (await campaign.ListRecipientsAsync(pair.Owner, null, 0, 10))!.Recipients.Single();
        Assert.Equal(RecipientStatus.Sent, shown.Status); // the journal's version: its stored row is still pending
        return (pair, id, campaign, number);
    }

    private async Task<(TestPair Pair, ICampaignGrain Campaign, string Number)> CampaignOfOneAsync()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var campaign = fixture.Grains.GetGrain<ICampaignGrain>($"cmp_{Guid.NewGuid():N}");
        await campaign.CreateAsync(pair.Owner, new CampaignDraft("Reminders", pair.UseCaseId, "Your visit is due.", null, null, NoQuietHours, null, AutoPauseSettings.Default));
        var number = fixture.NewNumber("646");
        Assert.Equal(1, (await campaign.AddRecipientsAsync(pair.Owner, new RecipientList(null, [number]))).Value!.Added);
        return (pair, campaign, number);
    }

    private static async Task<CampaignRecipientView> CompletedRowAsync(TestPair pair, ICampaignGrain campaign)
    {
        CampaignView? view = null;
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))!.Status == CampaignStatus.Completed,
            () => $"the campaign to complete (it is {view?.Status}, {view?.Counts})");
        return (await campaign.ListRecipientsAsync(pair.Owner, null, 0, 10))!.Recipients.Single();
    }
}
