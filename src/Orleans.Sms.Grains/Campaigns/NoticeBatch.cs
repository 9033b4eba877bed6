using Orleans.Sms.Conversations;

namespace Orleans.Sms.Campaigns;

/// <summary>What a conversation told its campaign: a reply or an opt-out, or its message's final status.</summary>
/// <param name="PhoneNumber">The recipient.</param>
/// <param name="Inbound">A reply or an opt-out (<see cref="InboundNotice.None"/> for a delivery).</param>
/// <param name="MessageId">The campaign message a delivery is about.</param>
/// <param name="Status">The message's final status (null for an inbound notice).</param>
/// <param name="ErrorCode">The provider's error code of a failed message.</param>
public sealed record class CampaignNotice(string PhoneNumber, InboundNotice Inbound, string? MessageId, DeliveryStatus? Status, string? ErrorCode)
{
    public static CampaignNotice OfInbound(string phoneNumber, InboundNotice notice) => new(phoneNumber, notice, null, null, null);

    public static CampaignNotice OfDelivery(string phoneNumber, string messageId, DeliveryStatus status, string? errorCode) =>
        new(phoneNumber, InboundNotice.None, messageId, status, errorCode);
}

/// <summary>One recipient changed by one notice: as it was, and as it is to be stored.</summary>
public sealed record class NoticeChange(CampaignRecipient Before, CampaignRecipient After, CampaignNotice Notice);

/// <summary>
/// The campaign's rules for its notices, applied to a batch (the notices that arrived in one flush interval, in arrival
/// order): each notice to its recipient as the earlier notices of the batch left it.
/// </summary>
public static class NoticeBatch
{
    /// <summary>
    /// The changes the notices make to <paramref name="stored"/> (by phone number), in order, applied at
    /// <paramref name="now"/>; notices that change nothing give none. <paramref name="mayResend"/>: the campaign may still
    /// send (running or paused), so a message the provider dropped is sent again rather than failed.
    /// </summary>
    public static IReadOnlyList<NoticeChange> Apply(
        IReadOnlyDictionary<string, CampaignRecipient> stored, IEnumerable<CampaignNotice> notices, DateTimeOffset now, bool mayResend)
    {
        var current = new Dictionary<string, CampaignRecipient>(stored, StringComparer.Ordinal);
        var changes = new List<NoticeChange>();
        foreach (var notice in notices)
        {
            if (current.TryGetValue(notice.PhoneNumber, out var recipient) && Next(recipient, notice, now, mayResend) is { } after)
            {
                changes.Add(new NoticeChange(recipient, after, notice));
                current[notice.PhoneNumber] = after;
            }
        }
        return changes;
    }

    /// <summary>The recipients to store after <paramref name="changes"/>: the last version of each.</summary>
    public static IReadOnlyList<CampaignRecipient> Latest(IReadOnlyList<NoticeChange> changes) =>
        changes.GroupBy(c => c.After.Seq).Select(g => g.Last().After).ToList();

    /// <summary>The recipient after <paramref name="notice"/> at <paramref name="now"/>, or null when the notice changes nothing.</summary>
    public static CampaignRecipient? Next(CampaignRecipient recipient, CampaignNotice notice, DateTimeOffset now, bool mayResend) =>
        notice.Status is { } status
            ? Delivery(recipient, notice.MessageId, status, notice.ErrorCode, mayResend ? now : null)
            : Inbound(recipient, notice.Inbound);

    /// <summary>
    /// A final status of the recipient's own message moves a <c>sent</c> or <c>failed</c> recipient to <c>delivered</c>,
    /// or a <c>sent</c> one to <c>failed</c> with the provider's code; a delivered recipient stays delivered. A <c>sent</c>
    /// recipient whose message the provider dropped from its queue is <c>held</c> to be sent again
    /// (<see cref="OverflowResend"/>) when the campaign may still send (<paramref name="resendFrom"/>: now), its message
    /// id kept until then so that a repeat of the callback changes nothing.
    /// </summary>
    private static CampaignRecipient? Delivery(
        CampaignRecipient recipient, string? messageId, DeliveryStatus status, string? errorCode, DateTimeOffset? resendFrom)
    {
        if (recipient.MessageId != messageId || recipient.Status is not (RecipientStatus.Sent or RecipientStatus.Failed))
        {
            return null;
        }
        var delivered = status is DeliveryStatus.Delivered or DeliveryStatus.Read;
        if (!delivered && recipient.Status == RecipientStatus.Sent && resendFrom is { } now
            && OverflowResend.ResendAt(recipient, errorCode, now) is { } resendAt)
        {
            return recipient with { Status = RecipientStatus.Held, HeldUntil = resendAt, ErrorCode = errorCode, Resends = recipient.Resends + 1 };
        }
        var next = delivered ? RecipientStatus.Delivered : RecipientStatus.Failed;
        if (next == recipient.Status)
        {
            return null;
        }
        return recipient with { Status = next, ErrorCode = delivered ? null : errorCode ?? recipient.ErrorCode };
    }

    /// <summary>The first reply, and the first opt-out, of a recipient.</summary>
    private static CampaignRecipient? Inbound(CampaignRecipient recipient, InboundNotice notice) => notice switch
    {
        InboundNotice.Replied when !recipient.Replied => recipient with { Replied = true },
        InboundNotice.OptedOut when !recipient.OptedOut => recipient with { OptedOut = true },
        _ => null,
    };
}
