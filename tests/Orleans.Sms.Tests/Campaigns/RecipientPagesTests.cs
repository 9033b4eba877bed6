using Orleans.Sms.Campaigns;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>A list of recipients cut into bounded grain calls and answered as one (<see cref="RecipientPages"/>).</summary>
public sealed class RecipientPagesTests
{
    private static string[] Numbers(int count) => Enumerable.Range(1, count).Select(i => $"+1646555{i:D4}").ToArray();

    [Fact]
    public void Split_CutsTheListInOrder_EachPageWithTheEntriesBeforeIt()
    {
        var numbers = Numbers(7);

        var pages = RecipientPages.Split(new RecipientList(null, numbers), size: 3).ToList();

        Assert.Equal([0, 3, 6], pages.Select(p => p.Before));
        Assert.Equal(numbers, pages.SelectMany(p => p.Page.PhoneNumbers!));
        Assert.All(pages, p => Assert.Null(p.Page.ContactIds));
    }

    [Fact]
    public void Split_ContactIds_StayContactIds_AndAnExactMultipleHasNoEmptyPage()
    {
        var ids = Enumerable.Range(1, 6).Select(i => $"ct_{i}").ToArray();

        var pages = RecipientPages.Split(new RecipientList(ids, null), size: 3).ToList();

        Assert.Equal([0, 3], pages.Select(p => p.Before));
        Assert.Equal(ids, pages.SelectMany(p => p.Page.ContactIds!));
        Assert.All(pages, p => Assert.Null(p.Page.PhoneNumbers));
    }

    [Fact]
    public void Split_AnEmptyList_IsOneCall_SoTheCampaignStillAnswersIt()
    {
        var list = new RecipientList(null, []);

        Assert.Equal([(list, 0)], RecipientPages.Split(list, size: 3));
    }

    [Fact]
    public void Split_TheDefault_KeepsTenThousandEntriesToTwentyCalls()
    {
        Assert.Equal(20, RecipientPages.Split(new RecipientList(null, Numbers(10_000))).Count());
    }

    [Fact]
    public void Merge_SumsTheCounts_AndNumbersEachErrorByItsRowInTheWholeList()
    {
        var first = new RecipientsAdded(2, 0, 1, [new RecipientAddError(2, "invalid_phone_number", "x")]);
        var second = new RecipientsAdded(1, 1, 1, [new RecipientAddError(3, "invalid_phone_number", "y")]);

        var merged = RecipientPages.Merge([(first, 0), (second, 3)]);

        Assert.Equal((3, 1, 2), (merged.Added, merged.AlreadyPresent, merged.Failed));
        Assert.Equal([(2, "x"), (6, "y")], merged.Errors.Select(e => (e.Row, e.Value)));
    }
}
