using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Simulator;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>
/// A notice that comes while a step's store write of its outcomes failed and waits for its retry: the recipient's newest
/// version is the journal's, not its stored row. The notice applies to the journal's version, and the retried write keeps
/// what it changed.
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

    /// <summary>A started campaign of one recipient whose step sent and journaled the outcome, and whose store write of it failed.</summary>
    private async Task<(TestPair Pair, string Id, ICampaignGrain Campaign, string Number)> SentButNotStoredAsync()
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var id = $"cmp_{Guid.NewGuid():N}";
        var campaign = fixture.Grains.GetGrain<ICampaignGrain>(id);
        await campaign.CreateAsync(pair.Owner, new CampaignDraft("Reminders", pair.UseCaseId, "Your visit is due.", null, null, NoQuietHours, null, AutoPauseSettings.Default));
        var number = fixture.NewNumber("646");
        Assert.Equal(1, (await campaign.AddRecipientsAsync(pair.Owner, new RecipientList(null, [number]))).Value!.Added);
        // The step's write of its outcome as journaled fails (and its retries too, until healed); a write of the row as a
        // notice changed it goes through.
        fixture.CampaignStore.FailSaves(id, rows => rows.Any(r => r is { Status: RecipientStatus.Sent, Replied: false }));

        Assert.True((await campaign.CommandAsync(pair.Owner, CampaignCommand.Start)).Succeeded);

        await Eventually.TrueAsync(() => Task.FromResult(fixture.CampaignStore.FailedSaves(id) > 0), "the step's store write to fail");
        var shown = (await campaign.ListRecipientsAsync(pair.Owner, null, 0, 10))!.Recipients.Single();
        Assert.Equal(RecipientStatus.Sent, shown.Status); // the journal's version: its stored row is still pending
        return (pair, id, campaign, number);
    }

    private static async Task<CampaignRecipientView> CompletedRowAsync(TestPair pair, ICampaignGrain campaign)
    {
        CampaignView? view = null;
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))!.Status == CampaignStatus.Completed,
            () => $"the campaign to complete (it is {view?.Status}, {view?.Counts})");
        return (await campaign.ListRecipientsAsync(pair.Owner, null, 0, 10))!.Recipients.Single();
    }
}
