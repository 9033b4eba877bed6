using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

public sealed class DedupWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Remember_IdIsFoundForAtLeast24Hours()
    {
        var window = new DedupWindow();
        window.Remember("SM1", new SeenMessage("msg_1", "ses_1", T0), T0);

        window.Remember("SM2", new SeenMessage("msg_2", "ses_1", T0.AddHours(24)), T0.AddHours(24));

        Assert.Equal("msg_1", window.Find("SM1")?.MessageId);
        Assert.False(window.MayHaveForgotten(T0.AddHours(24)));
    }

    [Fact]
    public void Remember_DropsIdsOlderThanRetention()
    {
        var window = new DedupWindow();
        window.Remember("SM1", new SeenMessage("msg_1", "ses_1", T0), T0);

        var later = T0 + DedupWindow.Retention + TimeSpan.FromSeconds(1);
        window.Remember("SM2", new SeenMessage("msg_2", "ses_1", later), later);

        Assert.Null(window.Find("SM1"));
        Assert.Single(window.Seen);
    }

    [Fact]
    public void Remember_BeyondCapacity_StaysBoundedAndSaysAMissIsInconclusive()
    {
        var window = new DedupWindow();
        for (var i = 0; i < DedupWindow.Capacity * 4; i++)
        {
            var at = T0.AddSeconds(i);
            window.Remember($"SM{i}", new SeenMessage($"msg_{i}", "ses_1", at), at);
        }

        Assert.Equal(DedupWindow.Capacity, window.Seen.Count);
        Assert.Null(window.Find("SM0"));
        Assert.NotNull(window.Find($"SM{DedupWindow.Capacity * 4 - 1}"));
        Assert.True(window.MayHaveForgotten(T0.AddHours(1)));
        Assert.False(window.MayHaveForgotten(T0.AddSeconds(DedupWindow.Capacity * 3) + DedupWindow.Retention));
    }
}
