using Orleans.Sms.Campaigns;

namespace Orleans.Sms.Tests.Campaigns;

public sealed class AutoPauseWindowTests
{
    private static readonly AutoPauseSettings Settings = new(OptOutRate: 0.05, FailureRate: 0.10, Window: 20);

    [Fact]
    public void NothingIsJudged_BeforeAWholeWindowWasSent()
    {
        var window = new AutoPauseWindow();
        for (var seq = 1; seq <= 19; seq++)
        {
            window.Sent(seq, failed: true, Settings.Window);
        }
        Assert.Null(window.Judge(Settings));
        window.Sent(20, failed: true, Settings.Window);
        Assert.Equal(PauseReason.FailureRate, window.Judge(Settings));
    }

    [Fact]
    public void AShareEqualToTheRate_DoesNotPause_OneMoreDoes()
    {
        var window = new AutoPauseWindow();
        for (var seq = 1; seq <= 20; seq++)
        {
            window.Sent(seq, failed: seq <= 2, Settings.Window); // 2 of 20 = 10 %: not above
        }
        Assert.Null(window.Judge(Settings));
        window.Failed(3);
        Assert.Equal(PauseReason.FailureRate, window.Judge(Settings));
    }

    [Fact]
    public void OptOuts_AfterTheMessage_CountForItsEntry_AndOldEntriesLeaveTheWindow()
    {
        var window = new AutoPauseWindow();
        for (var seq = 1; seq <= 20; seq++)
        {
            window.Sent(seq, failed: false, Settings.Window);
        }
        window.OptedOut(1);
        Assert.Null(window.Judge(Settings));
        window.OptedOut(2);
        Assert.Equal(PauseReason.OptOutRate, window.Judge(Settings));
        window.Sent(21, failed: false, Settings.Window);
        window.Sent(22, failed: false, Settings.Window);
        Assert.Null(window.Judge(Settings)); // 1 and 2 left the last 20
        Assert.Equal(20, window.Entries.Count);
    }

    [Fact]
    public void Restart_StartsANewWindow()
    {
        var window = new AutoPauseWindow();
        for (var seq = 1; seq <= 20; seq++)
        {
            window.Sent(seq, failed: true, Settings.Window);
        }
        window.Restart();
        window.Sent(21, failed: true, Settings.Window);
        Assert.Null(window.Judge(Settings));
        window.OptedOut(5); // a message of the old window: not in the new one
        Assert.Single(window.Entries);
    }

    [Fact]
    public void Withdraw_TakesTheMessageOutOfTheWindow_AndItsResendIsJudgedAsAMessageOfItsOwn()
    {
        var window = new AutoPauseWindow();
        for (var seq = 1; seq <= 20; seq++)
        {
            window.Sent(seq, failed: seq <= 2, Settings.Window); // 2 of 20: at the rate
        }

        window.Withdraw(20); // dropped by the provider: 2 of 19 sent, and the window is not whole any more
        Assert.Null(window.Judge(Settings));
        Assert.Equal(19, window.SentSinceStart);

        window.Sent(20, failed: true, Settings.Window); // the resend failed: 3 of 20
        Assert.Equal(PauseReason.FailureRate, window.Judge(Settings));
    }

    [Fact]
    public void Withdraw_OfAMessageTheWindowNoLongerHolds_ChangesNothing()
    {
        var window = new AutoPauseWindow();
        window.Restart();
        window.Sent(2, failed: false, Settings.Window);

        window.Withdraw(1);

        Assert.Equal((1, 1), (window.Entries.Count, window.SentSinceStart));
    }
}
