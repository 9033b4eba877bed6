using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Tests.Domain;

/// <summary>docs/api.md: Boundaries as a rule, without a silo: what happens next to a send after each outcome.</summary>
public sealed class SendReconciliationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static UnsettledSend Done(int sends, int lookups = 0) => new("msg_1", Now, sends, lookups, SendAction.Send, Now);

    [Theory]
    [InlineData(SendOutcome.Accepted)]
    [InlineData(SendOutcome.Found)]
    public void TakenOrFound_Settles(SendOutcome outcome) =>
        Assert.Equal(SendAction.Settle, SendReconciliation.After(Done(1), outcome).Action);

    [Fact]
    public void Refused_FailsWithTheProvidersCodeAndNoRepeat()
    {
        var decision = SendReconciliation.After(Done(1), SendOutcome.Refused, "21211");
        Assert.Equal((SendAction.Fail, "21211", false), (decision.Action, decision.ErrorCode, decision.FollowUp));
    }

    [Fact]
    public void NotTaken_SentAgainWithGrowingBackoffThenFailsForFollowUp()
    {
        var first = SendReconciliation.After(Done(1), SendOutcome.NotTaken, "20500");
        var second = SendReconciliation.After(Done(2), SendOutcome.NotTaken, "20500");
        var last = SendReconciliation.After(Done(SendReconciliation.MaxSends), SendOutcome.NotTaken, "20500");

        Assert.Equal(SendAction.Send, first.Action);
        Assert.Equal(SendAction.Send, second.Action);
        Assert.True(second.Delay > first.Delay);
        Assert.Equal((SendAction.Fail, "20500", true), (last.Action, last.ErrorCode, last.FollowUp));
    }

    [Fact]
    public void Unknown_LookedUpBeforeAnyRepeat() =>
        Assert.Equal(SendAction.LookUp, SendReconciliation.After(Done(SendReconciliation.MaxSends), SendOutcome.Unknown).Action);

    [Fact]
    public void Absent_SentAgainUntilTheSendsRunOutThenUnconfirmed()
    {
        Assert.Equal(SendAction.Send, SendReconciliation.After(Done(1, 1), SendOutcome.Absent).Action);
        var last = SendReconciliation.After(Done(SendReconciliation.MaxSends, 1), SendOutcome.Absent);
        Assert.Equal((SendAction.Fail, SmsErrorCodes.SendUnconfirmed, true), (last.Action, last.ErrorCode, last.FollowUp));
    }

    [Fact]
    public void LookupFailed_LookedUpAgainThreeTimesThenUnconfirmedWithoutARepeat()
    {
        Assert.Equal(SendAction.LookUp, SendReconciliation.After(Done(1, 1), SendOutcome.LookupFailed).Action);
        Assert.Equal(SendAction.LookUp, SendReconciliation.After(Done(1, 2), SendOutcome.LookupFailed).Action);
        var last = SendReconciliation.After(Done(1, SendReconciliation.MaxLookups), SendOutcome.LookupFailed);
        Assert.Equal((SendAction.Fail, SmsErrorCodes.SendUnconfirmed, true), (last.Action, last.ErrorCode, last.FollowUp));
    }

    [Fact]
    public void Steps_CountSendsAndLookupsAndOweTheNextStepAfterItsDelay()
    {
        var afterSend = SendReconciliation.Took(Done(1, 2), SendAction.Send);
        var afterLookup = SendReconciliation.Took(Done(1, 0), SendAction.LookUp);
        var decision = SendReconciliation.After(afterLookup, SendOutcome.LookupFailed);

        Assert.Equal((2, 0), (afterSend.Sends, afterSend.Lookups));
        Assert.Equal((1, 1), (afterLookup.Sends, afterLookup.Lookups));
        Assert.Equal(new UnsettledSend("msg_1", Now, 1, 1, SendAction.LookUp, Now + decision.Delay), SendReconciliation.Owed(afterLookup, decision, Now));
        Assert.Null(SendReconciliation.Owed(afterLookup, new SendDecision(SendAction.Settle, TimeSpan.Zero), Now));
    }

    [Fact]
    public void Backoff_DoublesAndIsCapped()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), SendReconciliation.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(4), SendReconciliation.Backoff(3));
        Assert.Equal(SendReconciliation.MaxDelay, SendReconciliation.Backoff(40));
    }

    [Fact]
    public void AQueuedMessage_IsOwedItsFirstSendAtItsSlot_WithoutAskingTheNumberAgain()
    {
        var queued = SendReconciliation.Queued("msg_1", Now.AddSeconds(3));

        Assert.True(queued.Paced);
        Assert.True(queued.Slotted);
        Assert.Equal((SendAction.Send, Now.AddSeconds(3), 0), (queued.Next, queued.DueAt, queued.Sends));
    }

    [Fact]
    public void ARepeat_WaitsForItsSlot_AndASendSpendsIt()
    {
        var owed = SendReconciliation.Owed(Done(1), SendReconciliation.After(Done(1), SendOutcome.NotTaken), Now)!;
        Assert.False(owed.Slotted); // a repeat asks the number for its time when it is due

        var waiting = SendReconciliation.WaitFor(owed, Now.AddSeconds(5), booked: true);
        var askAgain = SendReconciliation.WaitFor(owed, Now.AddSeconds(5), booked: false);
        var sent = SendReconciliation.Took(waiting, SendAction.Send);

        Assert.Equal((Now.AddSeconds(5), true, false), (waiting.DueAt, waiting.Slotted, waiting.Paced));
        Assert.Equal((Now.AddSeconds(5), false), (askAgain.DueAt, askAgain.Slotted)); // a bulk repeat of a busy number asks again
        Assert.Equal((2, false), (sent.Sends, sent.Slotted)); // the next repeat, if any, asks again
    }

    [Fact]
    public void ARepeat_IsRecordedBeforeItIsMade_AsASendInDoubtThatIsLookedUpFirst()
    {
        var owed = new UnsettledSend("msg_1", Now, 1, 0, SendAction.Send, Now.AddSeconds(1), Slotted: true);

        var stored = SendReconciliation.BeforeRepeat(owed, Now.AddSeconds(1));

        // Had the activation died during the call, the next one looks the message up from the first attempt on.
        Assert.Equal((2, 0, SendAction.LookUp, false), (stored.Sends, stored.Lookups, stored.Next, stored.Slotted));
        Assert.Equal((Now, Now.AddSeconds(1) + SendReconciliation.Backoff(1)), (stored.FirstAttemptAt, stored.DueAt));
        // The lookup finds nothing: the repeat was not taken, and it is sent again only while sends are left.
        Assert.Equal(SendAction.Send, SendReconciliation.After(SendReconciliation.Took(stored, SendAction.LookUp), SendOutcome.Absent).Action);
        var last = SendReconciliation.BeforeRepeat(owed with { Sends = SendReconciliation.MaxSends - 1 }, Now);
        Assert.Equal(SendAction.Fail, SendReconciliation.After(SendReconciliation.Took(last, SendAction.LookUp), SendOutcome.Absent).Action);
    }

    [Fact]
    public void AServerErrorOfUnknownOutcome_IsLookedUp_AndFailsWithItsCodeOnlyWhenTheLookupsFindItAbsentAndNoSendIsLeft()
    {
        // Twilio's 500: the send may have been stored. Looked up first; its code is kept while lookups go on.
        var decision = SendReconciliation.After(Done(1), SendOutcome.Unknown, "20500");
        var owed = SendReconciliation.Owed(Done(1), decision, Now)!;
        Assert.Equal((SendAction.LookUp, "20500"), (owed.Next, owed.DoubtCode));
        var lookupFailed = SendReconciliation.Took(owed, SendAction.LookUp);
        var again = SendReconciliation.Owed(lookupFailed, SendReconciliation.After(lookupFailed, SendOutcome.LookupFailed), Now)!;
        Assert.Equal((SendAction.LookUp, "20500"), (again.Next, again.DoubtCode));

        // Absent while sends are left: sent again, and the code of the old doubt goes.
        var resend = SendReconciliation.Owed(lookupFailed, SendReconciliation.After(lookupFailed, SendOutcome.Absent), Now)!;
        Assert.Equal((SendAction.Send, null), (resend.Next, resend.DoubtCode));

        // Absent after the last send: proven not taken, so it fails with the provider's own code, not as unconfirmed.
        var last = SendReconciliation.After(Done(SendReconciliation.MaxSends, 1) with { DoubtCode = "20500" }, SendOutcome.Absent);
        Assert.Equal((SendAction.Fail, "20500", true), (last.Action, last.ErrorCode, last.FollowUp));
        // Lookups that never answer leave it unconfirmed whatever the code.
        var unanswered = SendReconciliation.After(Done(1, SendReconciliation.MaxLookups) with { DoubtCode = "20500" }, SendOutcome.LookupFailed);
        Assert.Equal(SmsErrorCodes.SendUnconfirmed, unanswered.ErrorCode);
    }

    [Fact]
    public void ATimeout_LeavesNoCodeToFailWith()
    {
        var owed = SendReconciliation.Owed(Done(SendReconciliation.MaxSends), SendReconciliation.After(Done(SendReconciliation.MaxSends), SendOutcome.Unknown), Now)!;

        Assert.Null(owed.DoubtCode);
        Assert.Equal(SmsErrorCodes.SendUnconfirmed, SendReconciliation.After(SendReconciliation.Took(owed, SendAction.LookUp), SendOutcome.Absent).ErrorCode);
    }
}
