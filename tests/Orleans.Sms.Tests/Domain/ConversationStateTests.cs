using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

public sealed class ConversationStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SmsMessage Message(int n, DeliveryStatus status = DeliveryStatus.Accepted) => new(
        $"m{n}", "ses_1", MessageDirection.Outbound, MessageRole.Agent, MessageSource.SmsAgent, $"body {n}", T0.AddSeconds(n),
        1, SmsEncoding.Gsm7, null, status, null, []);

    private static ConversationState With(int count)
    {
        var state = new ConversationState();
        for (var n = 1; n <= count; n++)
        {
            state.AddRecent(Message(n));
        }
        return state;
    }

    [Fact]
    public void AddRecent_NewMessages_AreKeptInOrderAndOwedToTheArchive()
    {
        var state = With(2);

        Assert.Equal(["m1", "m2"], state.Recent.Select(m => m.MessageId));
        Assert.Equal(["m1", "m2"], state.Unarchived);
        Assert.Equal(["m1", "m2"], state.OwedToArchive().Select(m => m.MessageId));
    }

    [Fact]
    public void AddRecent_ANewerVersion_ReplacesItInPlaceAndIsOwedAgain()
    {
        var state = With(2);
        state.Archived(state.Recent.ToList());

        state.AddRecent(Message(1, DeliveryStatus.Delivered));

        Assert.Equal(["m1", "m2"], state.Recent.Select(m => m.MessageId));
        Assert.Equal(DeliveryStatus.Delivered, state.Recent[0].DeliveryStatus);
        Assert.Equal(["m1"], state.Unarchived);
    }

    [Fact]
    public void AddRecent_PastCapacity_KeepsUnarchivedMessages()
    {
        var state = With(ConversationState.RecentCapacity + 5);

        Assert.Equal(ConversationState.RecentCapacity + 5, state.Recent.Count);
    }

    [Fact]
    public void Archived_PastCapacity_DropsTheOldestArchivedDownToCapacity()
    {
        var state = With(ConversationState.RecentCapacity + 5);

        state.Archived(state.OwedToArchive());

        Assert.Equal(ConversationState.RecentCapacity, state.Recent.Count);
        Assert.Equal("m6", state.Recent[0].MessageId);
        Assert.Empty(state.Unarchived);
    }

    [Fact]
    public void Archived_AnOlderVersionThanTheWindowHolds_StaysOwed()
    {
        var state = With(1);
        var written = state.OwedToArchive();
        state.AddRecent(Message(1, DeliveryStatus.Delivered)); // a status came while the batch was written

        state.Archived(written);

        Assert.Equal(["m1"], state.Unarchived);
    }

    [Fact]
    public void Archived_AMessageWithASendOwed_StaysInTheWindowPastCapacity()
    {
        var state = With(ConversationState.RecentCapacity + 1);
        state.Unsettled.Add(new UnsettledSend("m1", T0, 1, 0, SendAction.LookUp, T0.AddSeconds(30)));

        state.Archived(state.OwedToArchive());

        Assert.Equal(ConversationState.RecentCapacity + 1, state.Recent.Count);
        Assert.Equal("m1", state.Recent[0].MessageId);
    }
}
