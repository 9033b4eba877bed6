using Orleans.Sms.Conversations;
using Orleans.Sms.Usage;

namespace Orleans.Sms.Tests.Domain;

public sealed class OwedUsageBookTests
{
    private static readonly DateTimeOffset Monday = new(2027, 1, 4, 23, 0, 0, TimeSpan.Zero);
    private static readonly UsageDelta Inbound = new(1, 1, 0, 0);

    [Fact]
    public void Record_OnOneDay_AddsToOneOpenEntry_AndANewDayOpensAnother()
    {
        var state = new ConversationState();
        var book = new OwedUsageBook(state);

        book.Record(Inbound, Monday);
        book.Record(new UsageDelta(1, 2, 0, 0), Monday.AddMinutes(59)); // 23:59 UTC
        book.Record(Inbound, Monday.AddHours(1)); // Tuesday, UTC

        Assert.Equal([(1L, new DateOnly(2027, 1, 4), new UsageDelta(2, 3, 0, 0)), (2L, new DateOnly(2027, 1, 5), Inbound)],
            state.OwedUsage.Select(o => (o.Sequence, o.Day, o.Delta)));
        Assert.True(book.Unwritten);
        book.Written();
        Assert.False(book.Unwritten);
    }

    [Fact]
    public void Record_AfterAnEarlierActivation_NeverAddsToAnEntryItLoaded()
    {
        var state = new ConversationState();
        new OwedUsageBook(state).Record(Inbound, Monday); // written, and maybe handed over, by an activation now gone

        new OwedUsageBook(state).Record(Inbound, Monday);

        Assert.Equal([(1L, Inbound), (2L, Inbound)], state.OwedUsage.Select(o => (o.Sequence, o.Delta)));
    }

    [Fact]
    public void StartHandOver_WaitsForTheWrite_ThenClosesWhatItHandsOver()
    {
        var state = new ConversationState();
        var book = new OwedUsageBook(state);
        book.Record(Inbound, Monday);

        Assert.Null(book.StartHandOver()); // storage does not have it yet
        book.Written();
        var handing = book.StartHandOver()!;
        book.Record(Inbound, Monday); // while the hand-over runs: a new entry, the one handed over stays as sent

        Assert.Equal(1L, Assert.Single(handing).Sequence);
        Assert.Equal([(1L, Inbound), (2L, Inbound)], state.OwedUsage.Select(o => (o.Sequence, o.Delta)));
        book.HandedOver(handing[0]);
        Assert.Equal(2L, Assert.Single(state.OwedUsage).Sequence);
    }

    [Fact]
    public void APrepaidSendNotTaken_IsTakenBack_OnceAndOnTheMessagesDay()
    {
        var state = new ConversationState();
        var book = new OwedUsageBook(state);
        var message = Message("msg_1", segments: 2);

        book.Prepay(message);
        Assert.True(book.SettlePrepaid(message, taken: false));
        Assert.False(book.SettlePrepaid(message, taken: false)); // settled already: nothing more

        var owed = Assert.Single(state.OwedUsage);
        Assert.Equal((new DateOnly(2027, 1, 4), new UsageDelta(0, 0, 0, 0)), (owed.Day, owed.Delta));
        Assert.Empty(state.PrepaidUsage);
    }

    [Fact]
    public void APrepaidSendTaken_OrKept_StaysCounted()
    {
        var state = new ConversationState();
        var book = new OwedUsageBook(state);
        book.Prepay(Message("msg_1", segments: 1));
        book.Prepay(Message("msg_2", segments: 3));

        Assert.True(book.SettlePrepaid(Message("msg_1", segments: 1), taken: true));
        book.KeepPrepaid("msg_2");

        Assert.Equal(new UsageDelta(0, 0, 2, 4), Assert.Single(state.OwedUsage).Delta);
        Assert.Empty(state.PrepaidUsage);
        Assert.False(book.SettlePrepaid(Message("msg_3", segments: 1), taken: false)); // never prepaid: not this book's
    }

    [Fact]
    public void Prepay_RemembersAtMostTheCapacity_TheOldestStaysCounted()
    {
        var state = new ConversationState();
        var book = new OwedUsageBook(state);

        for (var i = 0; i <= ConversationState.ChosenSendsCapacity; i++)
        {
            book.Prepay(Message($"msg_{i}", segments: 1));
        }

        Assert.Equal(ConversationState.ChosenSendsCapacity, state.PrepaidUsage.Count);
        Assert.False(book.SettlePrepaid(Message("msg_0", segments: 1), taken: false));
        Assert.Equal(ConversationState.ChosenSendsCapacity + 1, Assert.Single(state.OwedUsage).Delta.OutboundMessages);
    }

    private static SmsMessage Message(string id, int segments) => new(
        id, "ses_1", MessageDirection.Outbound, MessageRole.Agent, MessageSource.Campaign, "Hi", Monday, segments,
        SmsEncoding.Gsm7, null, DeliveryStatus.Accepted, null, []);
}
