using Orleans.Sms.Usage;

namespace Orleans.Sms.Tests.Usage;

/// <summary>The rules of a day's usage pages, without a silo.</summary>
public sealed class UsageLedgerTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);

    [Fact]
    public void TryApply_AddsEachSequenceOfASourceOnce()
    {
        var ledger = new UsageLedger([new UsageState()]);

        Assert.Equal(0, ledger.TryApply(Entry("a", 1)));
        Assert.Null(ledger.TryApply(Entry("a", 1))); // the repeat of a lost answer
        Assert.Equal(0, ledger.TryApply(Entry("b", 1))); // sequences are per source
        Assert.Null(ledger.TryApply(Entry("b", 0))); // an older entry comes after a newer one only as a repeat
        Assert.Equal(0, ledger.TryApply(Entry("a", 3, messages: 2)));

        Assert.Equal(new DailyUsage(Day, 4, 8, 4, 12), ledger.Totals(Day));
    }

    [Fact]
    public void AFullPage_TakesNoNewSource_UntilAPageIsNamedAndAdded()
    {
        var first = new UsageState();
        var ledger = new UsageLedger([first]);
        for (var i = 0; i < UsageLedger.PageCapacity; i++)
        {
            ledger.TryApply(Entry($"s{i}", 1));
        }

        Assert.True(ledger.NeedsNewPage(Entry("new", 1)));
        Assert.False(ledger.NeedsNewPage(Entry("s7", 2))); // a source of the page stays on it
        Assert.False(ledger.NeedsNewPage(Entry("s7", 1))); // a repeat needs nothing
        Assert.Throws<InvalidOperationException>(() => ledger.TryApply(Entry("new", 1)));
        Assert.Throws<InvalidOperationException>(() => ledger.AddPage()); // not named in page 0 yet

        ledger.AnnouncePage();
        Assert.Equal(2, first.Pages);
        var second = ledger.AddPage();

        Assert.Equal(1, ledger.TryApply(Entry("new", 1)));
        Assert.Equal(1, ledger.TryApply(Entry("s7", 2))); // the last page takes every new entry
        Assert.Equal(new Dictionary<string, long> { ["new"] = 1, ["s7"] = 2 }, second.Applied);
        Assert.Equal(UsageLedger.PageCapacity + 2, ledger.Totals(Day).InboundMessages);
    }

    [Fact]
    public void ALoadedDay_KnowsEverySourcesLastEntry_WhicheverPageHasIt()
    {
        var first = new UsageState { Pages = 2 };
        first.Add(Entry("a", 5));
        first.Add(Entry("b", 1));
        var second = new UsageState();
        second.Add(Entry("b", 2));

        var ledger = new UsageLedger([first, second]);

        Assert.True(ledger.IsRepeat(Entry("a", 5)));
        Assert.True(ledger.IsRepeat(Entry("b", 2)));
        Assert.False(ledger.IsRepeat(Entry("b", 3)));
        Assert.Equal(new DailyUsage(Day, 3, 6, 3, 9), ledger.Totals(Day));
    }

    [Fact]
    public void PagesOf_ADayStoredBeforePages_IsOne()
    {
        Assert.Equal(1, UsageLedger.PagesOf(new UsageState()));
        Assert.Equal(3, UsageLedger.PagesOf(new UsageState { Pages = 3 }));
    }

    [Fact]
    public void StateName_KeepsTheNameOfADayStoredBeforePagesForPageZero()
    {
        Assert.Equal(["usage", "usage-1", "usage-2"], Enumerable.Range(0, 3).Select(UsageLedger.StateName));
    }

    [Fact]
    public void TryApply_TakesANegativeDeltaBack()
    {
        var ledger = new UsageLedger([new UsageState()]);
        ledger.TryApply(Entry("a", 1));

        ledger.TryApply(new UsageEntry("a", 2, new UsageDelta(0, 0, -1, -3)));

        Assert.Equal(new DailyUsage(Day, 1, 2, 0, 0), ledger.Totals(Day));
    }

    private static UsageEntry Entry(string source, long sequence, int messages = 1) =>
        new(source, sequence, new UsageDelta(messages, 2 * messages, messages, 3 * messages));
}
