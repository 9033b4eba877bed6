using Microsoft.Extensions.Logging;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Campaigns;

/// <summary>What a conversation tells the campaign whose message opened its session.</summary>
public enum InboundNotice
{
    None,
    /// <summary>The first reply of the session that is not an opt-out or opt-in keyword.</summary>
    Replied,
    /// <summary>An opt-out keyword.</summary>
    OptedOut,
}

/// <summary>
/// The conversation's side of campaign bookkeeping: one-way calls after the conversation's own write, so a campaign never
/// holds up a webhook's acknowledgement and a conversation and a campaign never wait on each other.
/// </summary>
internal static class CampaignNotices
{
    /// <summary>What an inbound message in <paramref name="session"/> means for its campaign (marks a reply as reported).</summary>
    public static (string CampaignId, InboundNotice Notice)? ForInbound(SessionRecord session, InboundKeyword keyword)
    {
        if (session.CampaignId is not { } campaignId)
        {
            return null;
        }
        switch (keyword)
        {
            case InboundKeyword.OptOut:
                return (campaignId, InboundNotice.OptedOut);
            case InboundKeyword.OptIn:
                return null;
            default:
                if (session.CampaignReplyReported)
                {
                    return null;
                }
                session.CampaignReplyReported = true;
                return (campaignId, InboundNotice.Replied);
        }
    }

    /// <summary>
    /// What a repeated inbound message (the carrier's retry of one already stored) tells the campaign again: what its first
    /// delivery owed, when that was in session <paramref name="sessionId"/> and the session is a campaign's. The first
    /// delivery's write may have been stored without its acknowledgement, and its notice then went with the activation; a
    /// campaign counts a recipient's reply or opt-out once, so telling it again is harmless. Changes nothing.
    /// </summary>
    public static (string CampaignId, InboundNotice Notice)? ForRepeat(SessionRecord? session, string sessionId, InboundKeyword keyword) =>
        session is { CampaignId: { } campaignId } && session.SessionId == sessionId
            ? keyword switch
            {
                InboundKeyword.OptOut => (campaignId, InboundNotice.OptedOut),
                InboundKeyword.OptIn => null,
                _ => session.CampaignReplyReported ? (campaignId, InboundNotice.Replied) : null,
            }
            : null;

    public static void Inbound(IGrainFactory grains, (string CampaignId, InboundNotice Notice)? notice, string customerNumber, ILogger logger)
    {
        if (notice is { } n)
        {
            Send(() => grains.Reference<ICampaignGrain>(n.CampaignId).NoticeInboundAsync(customerNumber, n.Notice), n.CampaignId, logger);
        }
    }

    /// <summary>A campaign message reached a final status (delivered, or failed) or failed to be sent after all.</summary>
    public static void Delivery(IGrainFactory grains, SmsMessage message, string customerNumber, ILogger logger)
    {
        if (message.CampaignId is { } campaignId
            && message.DeliveryStatus is DeliveryStatus.Delivered or DeliveryStatus.Read or DeliveryStatus.Failed or DeliveryStatus.Undelivered)
        {
            Send(() => grains.Reference<ICampaignGrain>(campaignId)
                .NoticeDeliveryAsync(customerNumber, message.MessageId, message.DeliveryStatus, message.ErrorCode), campaignId, logger);
        }
    }

    private static void Send(Func<Task> call, string campaignId, ILogger logger)
    {
        try
        {
            _ = call(); // one-way
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Notice to campaign {CampaignId} failed", campaignId);
        }
    }
}
