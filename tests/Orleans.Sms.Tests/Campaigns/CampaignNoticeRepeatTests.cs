using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>What a carrier's retry of a stored inbound message tells its campaign again (<see cref="CampaignNotices.ForRepeat"/>).</summary>
public sealed class CampaignNoticeRepeatTests
{
    private static SessionRecord Session(string? campaignId, bool replyReported = false) =>
        new() { SessionId = "ses_1", CampaignId = campaignId, CampaignReplyReported = replyReported };

    [Fact]
    public void ForRepeat_AStopInACampaignSession_TellsTheOptOutAgain()
    {
        Assert.Equal(("cmp_1", InboundNotice.OptedOut), CampaignNotices.ForRepeat(Session("cmp_1"), "ses_1", InboundKeyword.OptOut));
    }

    [Fact]
    public void ForRepeat_AReplyOnceTheReplyWasReported_TellsTheReplyAgain_AndChangesNothing()
    {
        var session = Session("cmp_1", replyReported: true);

        Assert.Equal(("cmp_1", InboundNotice.Replied), CampaignNotices.ForRepeat(session, "ses_1", InboundKeyword.None));
        Assert.True(session.CampaignReplyReported);
    }

    [Fact]
    public void ForRepeat_NothingOwed_TellsNothing()
    {
        Assert.Null(CampaignNotices.ForRepeat(Session("cmp_1"), "ses_1", InboundKeyword.None)); // no reply was reported
        Assert.Null(CampaignNotices.ForRepeat(Session("cmp_1", replyReported: true), "ses_1", InboundKeyword.OptIn));
        Assert.Null(CampaignNotices.ForRepeat(Session("cmp_1", replyReported: true), "ses_0", InboundKeyword.OptOut)); // an older session
        Assert.Null(CampaignNotices.ForRepeat(Session(null), "ses_1", InboundKeyword.OptOut)); // not a campaign's session
        Assert.Null(CampaignNotices.ForRepeat(null, "ses_1", InboundKeyword.OptOut));
    }
}
