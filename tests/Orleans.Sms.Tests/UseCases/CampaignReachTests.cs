using Orleans.Sms.UseCases;

namespace Orleans.Sms.Tests.UseCases;

public sealed class CampaignReachTests
{
    [Fact]
    public void AReply_IsToldToTheCampaignsThatWroteFromThatNumber_Once()
    {
        var touches = new List<CampaignTouch>();
        CampaignReach.Add(touches, new("cmp_a", "+13125550100"));
        CampaignReach.Add(touches, new("cmp_b", "+13125550101"));
        CampaignReach.Add(touches, new("cmp_c", "+13125550100"));

        Assert.Equal(["cmp_a", "cmp_c"], CampaignReach.TakeReplies(touches, "+13125550100"));
        Assert.Empty(CampaignReach.TakeReplies(touches, "+13125550100"));
        Assert.Empty(CampaignReach.TakeReplies(touches, "+13125550199"));
        Assert.Equal(["cmp_b"], CampaignReach.TakeReplies(touches, "+13125550101"));
    }

    [Fact]
    public void ACampaignWritingAgain_IsTheLatest_AndCountsAReplyAgain_OldestGoBeyondTheCapacity()
    {
        var touches = new List<CampaignTouch>();
        for (var i = 0; i <= CampaignReach.Capacity; i++)
        {
            CampaignReach.Add(touches, new($"cmp_{i}", "+13125550100"));
        }
        Assert.Equal(CampaignReach.Capacity, touches.Count);
        Assert.DoesNotContain(touches, t => t.CampaignId == "cmp_0");

        CampaignReach.TakeReplies(touches, "+13125550100");
        CampaignReach.Add(touches, new("cmp_1", "+13125550101"));

        Assert.Equal("cmp_1", touches[^1].CampaignId);
        Assert.Equal(["cmp_1"], CampaignReach.TakeReplies(touches, "+13125550101"));
    }

    [Fact]
    public void AnOptOut_IsToldToEveryCampaign_AndNoneIsKept()
    {
        var touches = new List<CampaignTouch>();
        CampaignReach.Add(touches, new("cmp_a", "+13125550100"));
        CampaignReach.Add(touches, new("cmp_b", "+13125550101"));
        CampaignReach.TakeReplies(touches, "+13125550100");

        Assert.Equal(["cmp_a", "cmp_b"], CampaignReach.TakeAll(touches));
        Assert.Empty(touches);
        Assert.Empty(CampaignReach.TakeAll(touches));
    }
}
