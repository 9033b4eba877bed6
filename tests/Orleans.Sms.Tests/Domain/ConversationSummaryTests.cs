using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

public sealed class ConversationSummaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AsOf_AnActiveSessionPastItsLazyExpiry_IsListedEnded()
    {
        var listed = Summary(SessionState.Active, expiresAt: T0.AddDays(30));

        Assert.Equal(SessionState.Active, listed.AsOf(T0.AddDays(30) - TimeSpan.FromTicks(1)).SessionState);
        Assert.Equal(SessionState.Ended, listed.AsOf(T0.AddDays(30)).SessionState);
        Assert.Equal(listed with { SessionState = SessionState.Ended }, listed.AsOf(T0.AddDays(31))); // nothing else changes
    }

    [Fact]
    public void AsOf_ASessionWithoutLazyExpiry_OrOneEndedAlready_IsListedAsStored()
    {
        var timed = Summary(SessionState.Active, expiresAt: null);
        var ended = Summary(SessionState.Ended, expiresAt: T0);

        Assert.Same(timed, timed.AsOf(T0.AddYears(1)));
        Assert.Same(ended, ended.AsOf(T0.AddYears(1)));
    }

    [Fact]
    public void SessionExpiresAt_IsNotPartOfTheListedJson()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Summary(SessionState.Active, expiresAt: T0));

        Assert.DoesNotContain("ExpiresAt", json);
        Assert.Contains("SessionStartedAt", json);
    }

    private static ConversationSummary Summary(SessionState state, DateTimeOffset? expiresAt) => new(
        "conv_1", "ten_1", "live", "uc_1", "+15550100001", "+15550100002", ConversationStatus.InProgress, AgentMode: true,
        state, T0, SessionExpiresAt: expiresAt);
}
