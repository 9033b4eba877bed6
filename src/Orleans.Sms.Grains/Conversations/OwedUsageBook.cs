using Orleans.Sms.Usage;

namespace Orleans.Sms.Conversations;

/// <summary>
/// The rules of a conversation's usage as a plain type over its state (<see cref="ConversationState.OwedUsage"/>,
/// <see cref="ConversationState.UsageSequence"/>, <see cref="ConversationState.PrepaidUsage"/>); the grain writes the
/// state and hands entries over. Usage is owed in state, numbered per conversation, and reaches storage with the write
/// that records the message. An entry is closed (no longer added to) once it may have been handed over (by this
/// activation, or by an earlier one: every entry loaded from storage), so that a repeated hand-over always carries exactly
/// what was first sent; until then one open entry per day takes every message.
/// </summary>
/// <remarks>One book per activation: what it knows besides the state (what is closed, what is unwritten) is this activation's.</remarks>
public sealed class OwedUsageBook(ConversationState state)
{
    /// <summary>Entries up to this sequence may have been handed over: they are closed (-1: not known yet in this activation).</summary>
    private long _closedThrough = -1;

    /// <summary>Owed usage changed since the last state write.</summary>
    public bool Unwritten { get; private set; }

    /// <summary>Counts <paramref name="delta"/> on the day of <paramref name="at"/> (UTC): into the open entry of that day, or a new one.</summary>
    public void Record(UsageDelta delta, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        CloseLoaded();
        if (state.OwedUsage.Count > 0 && state.OwedUsage[^1] is { } open && open.Sequence > _closedThrough && open.Day == day)
        {
            state.OwedUsage[^1] = open with { Delta = open.Delta + delta };
        }
        else
        {
            state.OwedUsage.Add(new OwedUsage(++state.UsageSequence, day, delta));
        }
        Unwritten = true;
    }

    /// <summary>Storage has every owed entry (after each state write).</summary>
    public void Written() => Unwritten = false;

    /// <summary>
    /// Counts a campaign message before its send, so the write that records the message carries its usage too;
    /// <see cref="SettlePrepaid"/> takes it back if the provider does not take it. At most
    /// <see cref="ConversationState.ChosenSendsCapacity"/> are remembered (an older one that never settled here stays counted).
    /// </summary>
    public void Prepay(SmsMessage message)
    {
        Record(new UsageDelta(0, 0, 1, message.Segments), message.Timestamp);
        state.PrepaidUsage.Add(message.MessageId);
        if (state.PrepaidUsage.Count > ConversationState.ChosenSendsCapacity)
        {
            state.PrepaidUsage.RemoveAt(0);
        }
    }

    /// <summary>
    /// At a send's final outcome: true when its usage was counted before the send (<see cref="Prepay"/>); then, when the
    /// provider did not take it, the count is taken back (on the same day; as a later entry if the first was closed).
    /// </summary>
    public bool SettlePrepaid(SmsMessage message, bool taken)
    {
        if (!state.PrepaidUsage.Remove(message.MessageId))
        {
            return false;
        }
        if (!taken)
        {
            Record(new UsageDelta(0, 0, -1, -message.Segments), message.Timestamp);
        }
        return true;
    }

    /// <summary>A prepaid send that settled without this book (the provider had it): its usage stands.</summary>
    public void KeepPrepaid(string messageId) => state.PrepaidUsage.Remove(messageId);

    /// <summary>
    /// The entries to hand over now, all closed from here on; null while some owed usage is not written yet (storage must
    /// have an entry before it is handed over).
    /// </summary>
    public IReadOnlyList<OwedUsage>? StartHandOver()
    {
        CloseLoaded();
        if (Unwritten)
        {
            return null;
        }
        _closedThrough = state.UsageSequence;
        return state.OwedUsage.ToList();
    }

    /// <summary>The usage grain has <paramref name="entry"/>: it is no longer owed (storage forgets it with the next write; a repeat until then is ignored).</summary>
    public void HandedOver(OwedUsage entry) => state.OwedUsage.Remove(entry);

    /// <summary>An earlier activation may have handed over any entry loaded from storage.</summary>
    private void CloseLoaded()
    {
        if (_closedThrough < 0)
        {
            _closedThrough = state.UsageSequence;
        }
    }
}
