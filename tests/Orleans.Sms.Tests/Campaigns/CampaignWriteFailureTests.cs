using Orleans.Sms.Campaigns;
using Orleans.Sms.Simulator;
using Orleans.Sms.Tests.Infrastructure;
using Orleans.Sms.Tests.Infrastructure.Storage;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>
/// A campaign whose state write was stored but not acknowledged (a timeout after the commit): the grain's ETag is then
/// behind storage's, and every later write of that activation fails. The campaign must start again from storage and send
/// each recipient once, whether the write was a call's (<c>start</c>) or a step's.
/// </summary>
public abstract class CampaignWriteFailureTests(ClusterFixture fixture)
{
    [Collection(MemoryClusterCollection.Name)]
    public sealed class OnMemory(ClusterFixture<MemoryClusterStorage> fixture) : CampaignWriteFailureTests(fixture);

    [Collection(AzureClusterCollection.Name)]
    public sealed class OnAzureStorage(ClusterFixture<AzureClusterStorage> fixture) : CampaignWriteFailureTests(fixture);

    private static readonly QuietHoursSettings NoQuietHours = QuietHoursSettings.Default with { Enabled = false };

    [Fact]
    public async Task StartsWriteStoredButNotAcknowledged_StartAgainAnswersIt_AndEachRecipientIsSentOnce()
    {
        var (pair, campaign, numbers) = await CampaignAsync(sendAt: null);
        fixture.Storage.FailNextWrite(campaign.GetGrainId(), committed: true);

        await Assert.ThrowsAnyAsync<Exception>(() => campaign.CommandAsync(pair.Owner, CampaignCommand.Start));
        var again = await campaign.CommandAsync(pair.Owner, CampaignCommand.Start); // the caller's retry

        Assert.True(again.Succeeded);
        await AssertEachSentOnceAsync(pair, campaign, numbers);
    }

    [Fact]
    public async Task AStepsWriteStoredButNotAcknowledged_TheCampaignGoesOnFromStorage_AndEachRecipientIsSentOnce()
    {
        var sendAt = fixture.Clock.GetUtcNow() + TimeSpan.FromHours(1);
        var (pair, campaign, numbers) = await CampaignAsync(sendAt);
        Assert.Equal(CampaignStatus.Scheduled, (await campaign.CommandAsync(pair.Owner, CampaignCommand.Start)).Value!.Status);
        fixture.Storage.FailNextWrite(campaign.GetGrainId(), committed: true); // the step's: scheduled → running

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await campaign.AsReference<IRemindable>().ReceiveReminder("campaign-heartbeat", new TickStatus(DateTime.UtcNow, TimeSpan.FromMinutes(1), DateTime.UtcNow));

        await AssertEachSentOnceAsync(pair, campaign, numbers);
    }

    [Fact]
    public async Task AStoreThatKeepsFailingTheStepsSaves_StopsTheSending_UntilItHeals()
    {
        // Steps are journaled and sent until one's save of the last step fails; each retry must settle what is journaled
        // before it journals and sends anyone else.
        var (pair, campaign, numbers) = await CampaignAsync(sendAt: null, recipients: 120);
        var id = campaign.GetPrimaryKeyString();
        fixture.CampaignStore.FailSaves(id, rows => rows.Any(r => r.Status == RecipientStatus.Sent));

        Assert.True((await campaign.CommandAsync(pair.Owner, CampaignCommand.Start)).Succeeded);
        await Eventually.TrueAsync(() => Task.FromResult(fixture.CampaignStore.FailedSaves(id) >= 1), "a step's save to fail");
        var journaled = await NotPendingAsync(pair, campaign);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1)); // the senders' pace lets them take all the others now
        await Eventually.TrueAsync(() => Task.FromResult(fixture.CampaignStore.FailedSaves(id) >= 3), "two retries' saves to fail",
            TimeSpan.FromSeconds(30)); // a failed step's retry waits 5 s

        Assert.InRange(journaled, 2, numbers.Length - 1);
        Assert.Equal(journaled, await NotPendingAsync(pair, campaign));
        fixture.CampaignStore.Heal(id);
        await AssertEachSentOnceAsync(pair, campaign, numbers);
    }

    private static async Task<int> NotPendingAsync(TestPair pair, ICampaignGrain campaign) =>
        (await campaign.ListRecipientsAsync(pair.Owner, null, 0, 200))!.Recipients.Count(r => r.Status != RecipientStatus.Pending);

    private async Task<(TestPair Pair, ICampaignGrain Campaign, string[] Numbers)> CampaignAsync(DateTimeOffset? sendAt, int recipients = 3)
    {
        var pair = await fixture.NewPairAsync(agentType: null);
        var campaign = fixture.Grains.GetGrain<ICampaignGrain>($"cmp_{Guid.NewGuid():N}");
        await campaign.CreateAsync(pair.Owner, new CampaignDraft("Reminders", pair.UseCaseId, "Your visit is due.", null, sendAt, NoQuietHours, null, AutoPauseSettings.Default));
        var numbers = Enumerable.Range(0, recipients).Select(_ => fixture.NewNumber("646")).ToArray();
        Assert.Equal(recipients, (await campaign.AddRecipientsAsync(pair.Owner, new RecipientList(null, numbers))).Value!.Added);
        return (pair, campaign, numbers);
    }

    private async Task AssertEachSentOnceAsync(TestPair pair, ICampaignGrain campaign, string[] numbers)
    {
        CampaignView? view = null;
        await Eventually.TrueAsync(async () => (view = await campaign.GetAsync(pair.Owner))!.Status == CampaignStatus.Completed,
            () => $"the campaign to complete (it is {view?.Status}, {view?.Counts})", TimeSpan.FromSeconds(40));
        Assert.Equal((numbers.Length, numbers.Length), (view!.Counts.Total, view.Counts.Sent + view.Counts.Delivered));
        var outbox = fixture.Grains.GetGrain<ISimulatorOutboxGrain>(ISimulatorOutboxGrain.KeyFor(pair.Owner));
        foreach (var number in numbers)
        {
            Assert.Single(await outbox.ListAsync(number));
        }
    }
}
