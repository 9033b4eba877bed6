using Orleans.Sms.UseCases;

namespace Orleans.Sms.Tests.Domain;

public sealed class SenderSelectionTests
{
    private static readonly string[] Pool = ["+12125550100", "+14155550100", "+14155550101", "+18005550100"];

    [Fact]
    public void Choose_StickySenderWins()
    {
        Assert.Equal("+18005550100", SenderSelection.Choose(Pool, "+14155559999", lastSender: "+18005550100"));
    }

    [Fact]
    public void Choose_StickySenderNoLongerUsable_FallsBackToAreaCode()
    {
        Assert.StartsWith("+1415", SenderSelection.Choose(Pool, "+14155559999", lastSender: "+13125550100"));
    }

    [Fact]
    public void Choose_NoAreaCodeMatch_SpreadsStablyOverThePool()
    {
        var chosen = Enumerable.Range(0, 200).Select(i => SenderSelection.Choose(Pool, $"+1303555{i:D4}", null)).ToList();

        Assert.Equal(Pool.Length, chosen.Distinct().Count());
        Assert.Equal(chosen, Enumerable.Range(0, 200).Select(i => SenderSelection.Choose(Pool, $"+1303555{i:D4}", null)));
    }
}
