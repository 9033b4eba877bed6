using Microsoft.Extensions.Logging;
using Orleans.Sms.Numbers;
using Orleans.Sms.Pacing;

namespace Orleans.Sms.Conversations;

/// <summary>
/// Pacing (docs/api.md: Campaigns) for every send of a conversation: a message takes its time on the sender number
/// (<see cref="ISenderPaceGrain"/>) before it goes. One whose time has come goes at once; a later one is recorded
/// <c>queued</c> and owed a send at its time (<see cref="ConversationState.Unsettled"/>, the same book as the repeats and
/// lookups of docs/api.md: Boundaries), so the grain never waits for the number: the reconciliation timer sends it, and the
/// session reminder comes back for it if this silo is lost.
/// </summary>
internal sealed class SenderPace(IConversationHost host, IGrainFactory grains, TimeProvider clock, ILogger logger)
{
    /// <summary>The sender number's rate as last read (by the send check, or for a repeat), in segments per second.</summary>
    private double? _mps;

    private ConversationState S => host.State;

    /// <summary>The send check read the sender number: its rate is known for this activation.</summary>
    public void Learned(PhoneNumberInfo? number) => _mps = NumberRules.MpsOf(number);

    /// <summary>
    /// Takes the sender's time for each of <paramref name="messages"/> (recorded, not yet sent, in order): those whose time
    /// has come, or comes within a moment (<see cref="SendPacing.HoldBeforeSend"/>), stay as they are and go at their time;
    /// from the first one that must wait longer, each is <c>queued</c> and owed its first send at its time. Returns the
    /// times of those that go now (a prefix: the parts of one text keep their order).
    /// </summary>
    public async Task<List<DateTimeOffset>> PaceAsync(List<SmsMessage> messages)
    {
        var pace = grains.Reference<ISenderPaceGrain>(S.AgentNumber);
        var mps = await MpsAsync();
        var goAt = new List<DateTimeOffset>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var sendAt = (await pace.ReserveAsync(Math.Max(1, messages[i].Segments), mps, SendPriority.Conversation)).At;
            if (goAt.Count == i && SendPacing.HoldBeforeSend(sendAt, clock.GetUtcNow()) is not null)
            {
                goAt.Add(sendAt);
                continue;
            }
            var queued = messages[i] = messages[i] with { DeliveryStatus = DeliveryStatus.Queued };
            S.AddRecent(queued);
            S.Unsettled.Add(SendReconciliation.Queued(queued.MessageId, sendAt));
        }
        return goAt;
    }

    /// <summary>
    /// For an owed send that has no time on the number yet: takes it. Null when it may go now; else the owed send, waiting
    /// for its time.
    /// </summary>
    public async Task<UnsettledSend?> SlotForRepeatAsync(UnsettledSend owed, SmsMessage message)
    {
        if (owed.Slotted)
        {
            return null;
        }
        var turn = await grains.Reference<ISenderPaceGrain>(S.AgentNumber)
            .ReserveAsync(Math.Max(1, message.Segments), await MpsAsync(), PriorityOf(message), owed.DueAt);
        return turn.Booked && turn.At <= clock.GetUtcNow() ? null : SendReconciliation.WaitFor(owed, turn.At, turn.Booked);
    }

    /// <summary>
    /// The provider dropped a message of this conversation from its sender's queue: the number slows down for every sender.
    /// Advice, not a record: the report is stored already, and a failure here is logged, not answered with an error.
    /// </summary>
    public async Task SlowSenderAsync()
    {
        try
        {
            await grains.Reference<ISenderPaceGrain>(S.AgentNumber).QueueOverflowedAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Slowing sender {AgentNumber} down after a queue overflow failed", S.AgentNumber);
        }
    }

    /// <summary>The sender number's rate, read from the number when this activation has not read it yet.</summary>
    private async Task<double> MpsAsync() =>
        _mps ??= NumberRules.MpsOf(await grains.Reference<IPhoneNumberGrain>(S.AgentNumber).GetAsync());

    /// <summary>Campaign and workflow messages give way to conversation traffic on the number.</summary>
    private static SendPriority PriorityOf(SmsMessage message) =>
        message.Source is MessageSource.Campaign or MessageSource.Workflow ? SendPriority.Bulk : SendPriority.Conversation;
}
