using Azure.Core;
using Azure.Data.Tables;
using Orleans.Sms.AzureStorage.Campaigns;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
using Orleans.Sms.Campaigns;

namespace Orleans.Sms.AzureStorage.Tests.Campaigns;

/// <summary>
/// What an add of recipients reports when storage already has some of its numbers: added when a number was stored with
/// the add's own seq (an earlier attempt of the same add), present otherwise. The campaign counts <c>total</c> from it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CampaignStoreAddTests(AzuriteFixture azurite)
{
    private readonly string _prefix = AzuriteFixture.NewPrefix();

    [Fact]
    public async Task Table_TheSdkRetriesATransactionThatWasStoredButWhoseAnswerWasLost_EveryRecipientIsReportedAdded()
    {
        var lost = new AnswerLost("$batch");
        var options = new TableClientOptions();
        options.AddPolicy(lost, HttpPipelinePosition.PerRetry);
        var store = new TableCampaignStore(azurite.NewServiceClient(options), _prefix);
        var recipients = Recipients(first: 1, count: 3);

        var added = await store.AddRecipientsAsync("cmp_lost", recipients);

        Assert.Equal(1, lost.Lost); // the fault happened: the first transaction's answer never came
        Assert.Equal([true, true, true], added);
        var stored = await store.ListRecipientsAsync("cmp_lost", 0, long.MaxValue, null, 10);
        Assert.Equal(recipients.Select(r => (r.Seq, r.PhoneNumber)), stored.Select(r => (r.Seq, r.PhoneNumber)));
    }

    [Fact]
    public async Task Table_NumbersAddedByAnEarlierCall_AreReportedPresent_AndKeepTheirSeqs()
    {
        var store = new TableCampaignStore(azurite.NewServiceClient(), _prefix);
        await AnEarlierAddIsPresentAsync(store);
    }

    [Fact]
    public async Task Memory_NumbersAddedByAnEarlierCall_AreReportedPresent_AndTheSameSeqsAgainAreAdded()
    {
        var store = new MemoryCampaignStore();
        await AnEarlierAddIsPresentAsync(store);

        Assert.Equal([true, true], await store.AddRecipientsAsync("cmp_again", Recipients(first: 1, count: 2)));
    }

    /// <summary>An add of two numbers, then an add (new seqs) of one of them and a new one.</summary>
    private static async Task AnEarlierAddIsPresentAsync(ICampaignStore store)
    {
        Assert.Equal([true, true], await store.AddRecipientsAsync("cmp_again", Recipients(first: 1, count: 2)));

        var again = await store.AddRecipientsAsync("cmp_again",
            [new CampaignRecipient(3, Phone(1), null, RecipientStatus.Pending), new CampaignRecipient(4, Phone(9), null, RecipientStatus.Pending)]);

        Assert.Equal([false, true], again);
        var stored = await store.ListRecipientsAsync("cmp_again", 0, long.MaxValue, null, 10);
        Assert.Equal([(1L, Phone(0)), (2L, Phone(1)), (4L, Phone(9))], stored.Select(r => (r.Seq, r.PhoneNumber)));
    }

    private static List<CampaignRecipient> Recipients(long first, int count) =>
        Enumerable.Range(0, count).Select(i => new CampaignRecipient(first + i, Phone(i), null, RecipientStatus.Pending)).ToList();

    private static string Phone(int i) => $"+1415555{i:D4}";
}
