using Orleans.Sms.Providers;

namespace Orleans.Sms.Conversations;

/// <summary>
/// What a delivery status callback does, decided from the conversation's state and the report alone (no I/O). The grain
/// finds the message (<see cref="FindRecent"/>, else the archive by SID) and runs the update in a fixed order: the
/// message (in the window, or straight to the archive when the window no longer holds it), the opt-out, the state write,
/// then the campaign's notice, then the sender's back-off.
/// </summary>
/// <param name="Message">The message as the report leaves it.</param>
/// <param name="InWindow">The recent window holds the message: it is updated there (and owed to the archive again);
/// otherwise the archive holds its only copy and is written at once.</param>
/// <param name="OptsOut">The carrier says the recipient opted out (Twilio 21610): the same effect as a STOP.</param>
/// <param name="SlowsSender">The provider dropped the message from its sender's queue (Twilio 30001): the sender number
/// slows down (<see cref="Pacing.OverflowBackOff"/>).</param>
public sealed record class DeliveryUpdate(SmsMessage Message, bool InWindow, bool OptsOut, bool SlowsSender)
{
    /// <summary>
    /// Whether the callback's acknowledgement waits for a state write. A status on the way (<c>queued</c>, <c>sending</c>,
    /// <c>sent</c>) of a message in the window does not: like the provider's answer to the send, it rides on the
    /// conversation's next write (the final status's, at the latest its deactivation's), since a final status follows it
    /// and nothing is decided on it. A final status, an opt-out and a message only the archive holds are written before the
    /// acknowledgement, so that a campaign counts only what is stored.
    /// </summary>
    public bool WritesNow => !InWindow || OptsOut || DeliveryProgress.Rank(Message.DeliveryStatus) >= DeliveryProgress.Rank(DeliveryStatus.Failed);

    /// <summary>The recent message the report names: by the engine's id (the callback's <c>mid</c>) or by the provider's SID; the newest first.</summary>
    public static SmsMessage? FindRecent(ConversationState state, DeliveryReport report) =>
        state.Recent.FindLast(m => (report.MessageId is not null && m.MessageId == report.MessageId)
                                   || m.ProviderMessageSid == report.ProviderMessageSid);

    /// <summary>
    /// Whether <paramref name="report"/> repeats the final status a campaign message already has (the provider's retry of a
    /// callback): the campaign is told again, since the first callback's write may have been stored without its
    /// acknowledgement and its notice gone with that activation; a campaign counts a final status once.
    /// </summary>
    public static bool RepeatsFinal(SmsMessage? message, DeliveryReport report) =>
        message is { Direction: MessageDirection.Outbound, CampaignId: not null } && report.Status == message.DeliveryStatus
        && DeliveryProgress.Rank(report.Status) >= DeliveryProgress.Rank(DeliveryStatus.Failed);

    /// <summary>
    /// What <paramref name="report"/> does to <paramref name="message"/>; null when nothing: an unknown or inbound message, a
    /// repeat, or a late report (a status never moves backwards, by <see cref="DeliveryProgress.Rank"/>). The SID is filled in
    /// when the message had none (a send whose answer was lost learns its id this way); an error code is never cleared.
    /// </summary>
    public static DeliveryUpdate? Of(ConversationState state, SmsMessage? message, DeliveryReport report)
    {
        if (message is null || message.Direction != MessageDirection.Outbound
            || DeliveryProgress.Rank(report.Status) <= DeliveryProgress.Rank(message.DeliveryStatus))
        {
            return null;
        }
        var updated = message with
        {
            ProviderMessageSid = message.ProviderMessageSid ?? report.ProviderMessageSid,
            DeliveryStatus = report.Status,
            ErrorCode = report.ErrorCode ?? message.ErrorCode,
        };
        return new DeliveryUpdate(
            updated, state.Recent.Exists(m => m.MessageId == updated.MessageId), report.ErrorCode == ProviderException.RecipientOptedOut,
            report.ErrorCode == ProviderException.QueueOverflow);
    }
}
