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
/// The conversation's side of campaign bookkeeping: what an inbound message tells the campaign. The notices are owed in the
/// conversation's state and handed over after its write (<see cref="CampaignNoticeHandOver"/>), so a campaign never holds up
/// a webhook's acknowledgement.
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
}
