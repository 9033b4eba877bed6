using Orleans.Sms.Campaigns;

namespace Orleans.Sms.Tests.Campaigns;

public sealed class HeldSweepTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AShortPage_GivesItsOpenOnes_AndEndsAtTheEarliestLaterHold()
    {
        var sweep = new HeldSweep();

        var page = sweep.Take([Held(1, -5), Held(2, 60), Held(3, 0), Held(4, 30)], size: 10, journal: [], Now);

        Assert.Equal([1, 3], page.Open.Select(r => r.Seq));
        Assert.Equal((true, Now.AddMinutes(30)), (page.Ended, page.HeldUntil));
        Assert.Equal(0, sweep.After);
    }

    [Fact]
    public void AFullPage_GoesOnAfterItsLastSeq_AndTheLastPageEndsAtTheEarliestOfAll()
    {
        var sweep = new HeldSweep();

        var first = sweep.Take([Held(1, 0), Held(2, 20)], size: 2, journal: [], Now);
        var after = sweep.After;
        var last = sweep.Take([Held(5, 40)], size: 2, journal: [], Now);

        Assert.Equal((false, 2L), (first.Ended, after));
        Assert.Equal([1], first.Open.Select(r => r.Seq));
        Assert.Equal((true, Now.AddMinutes(20)), (last.Ended, last.HeldUntil));
        Assert.Equal(0, sweep.After);
    }

    [Fact]
    public void AHoldInTheJournal_WhoseRowTheStoreDoesNotHaveYet_CountsWhenTheSweepEnds()
    {
        var sweep = new HeldSweep();
        // Seq 7 was held by the last step: the store still has it pending, the journal has it held until 10 min.
        var journal = new[] { Held(7, 10), Sending(8) };

        var page = sweep.Take([Held(1, 0), Held(2, 90)], size: 10, journal, Now);

        Assert.Equal((true, Now.AddMinutes(10)), (page.Ended, page.HeldUntil));
    }

    [Fact]
    public void AJournaledHoldAlreadyDue_MakesTheCampaignSweepAgain()
    {
        var page = new HeldSweep().Take([], size: 10, journal: [Held(7, -1)], Now);

        Assert.Equal((true, Now.AddMinutes(-1)), (page.Ended, page.HeldUntil));
    }

    [Fact]
    public void AHoldMadeWhileTheSweepIsUnderWay_CountsWhenItEnds_AndOneMadeBetweenSweepsIsTheCampaignsAlone()
    {
        var sweep = new HeldSweep();
        sweep.Held(Now.AddMinutes(1)); // no sweep under way: the campaign's own earliest time takes it

        sweep.Take([Held(1, 0), Held(2, 0)], size: 2, journal: [], Now);
        sweep.Held(Now.AddMinutes(5)); // behind the sweep's place
        var last = sweep.Take([Held(3, 50)], size: 2, journal: [], Now);

        Assert.Equal(Now.AddMinutes(5), last.HeldUntil);
    }

    [Fact]
    public void ASweepThatLeavesNobodyHeld_EndsWithNoTime()
    {
        var page = new HeldSweep().Take([Held(1, 0)], size: 10, journal: [Sending(2)], Now);

        Assert.Equal((true, (DateTimeOffset?)null), (page.Ended, page.HeldUntil));
    }

    private static CampaignRecipient Held(long seq, int minutes) =>
        new(seq, $"+1212555{seq:0000}", null, RecipientStatus.Held, HeldUntil: Now.AddMinutes(minutes));

    private static CampaignRecipient Sending(long seq) =>
        new(seq, $"+1212555{seq:0000}", null, RecipientStatus.Sending, MessageId: $"msg_{seq}");
}
