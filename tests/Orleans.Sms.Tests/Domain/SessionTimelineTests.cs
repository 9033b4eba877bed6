using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

public sealed class SessionTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionOptions Options = new();

    [Fact]
    public void Next_NeverEngaged_ExpiresAfterResumeWindow()
    {
        var session = new SessionRecord { StartedAt = T0, LastActivityAt = T0 };

        Assert.Equal((SessionStep.Expire, T0 + Options.ResumeWindow), SessionTimeline.Next(session, Options));
    }

    [Fact]
    public void Next_EngagedAndSilent_WarnsAfterWarningAfter()
    {
        var session = new SessionRecord { StartedAt = T0, LastActivityAt = T0.AddHours(1), Engaged = true };

        Assert.Equal((SessionStep.Warn, T0.AddHours(25)), SessionTimeline.Next(session, Options));
    }

    [Fact]
    public void Next_Warned_TimesOutAfterGracePeriod()
    {
        var warned = T0.AddHours(24);
        var session = new SessionRecord { StartedAt = T0, LastActivityAt = T0, Engaged = true, WarningSentAt = warned };

        Assert.Equal((SessionStep.Timeout, warned.AddMinutes(10)), SessionTimeline.Next(session, Options));
    }

    [Fact]
    public void EndFoundBy_DueWarningNotSent_EndsNothing()
    {
        var session = new SessionRecord { StartedAt = T0, LastActivityAt = T0, Engaged = true };

        Assert.Null(SessionTimeline.EndFoundBy(session, Options, T0.AddDays(3)));
    }

    [Fact]
    public void EndFoundBy_GraceOver_IsTimeoutExactlyAtTheBoundary()
    {
        var warned = T0.AddHours(24);
        var session = new SessionRecord { StartedAt = T0, LastActivityAt = T0, Engaged = true, WarningSentAt = warned };

        Assert.Null(SessionTimeline.EndFoundBy(session, Options, warned.AddMinutes(10).AddTicks(-1)));
        Assert.Equal(SessionEndReason.Timeout, SessionTimeline.EndFoundBy(session, Options, warned.AddMinutes(10)));
    }

    [Fact]
    public void EndFoundBy_NeverEngagedPastResumeWindow_IsExpired()
    {
        var session = new SessionRecord { StartedAt = T0, LastActivityAt = T0 };

        Assert.Null(SessionTimeline.EndFoundBy(session, Options, T0.AddDays(29)));
        Assert.Equal(SessionEndReason.Expired, SessionTimeline.EndFoundBy(session, Options, T0.AddDays(30)));
    }

    [Fact]
    public void EndFoundBy_EndedSession_IsNull()
    {
        var session = new SessionRecord { StartedAt = T0, LastActivityAt = T0, EndedAt = T0, EndReason = SessionEndReason.Closed };

        Assert.Null(SessionTimeline.EndFoundBy(session, Options, T0.AddYears(1)));
    }

    [Fact]
    public void DueStep_OnATick_IsTheNextStepOnceItIsDue()
    {
        var session = new SessionRecord { StartedAt = T0, LastActivityAt = T0, Engaged = true };

        Assert.Null(SessionTimeline.DueStep(session, Options, T0 + Options.WarningAfter - TimeSpan.FromTicks(1)));
        Assert.Equal(SessionStep.Warn, SessionTimeline.DueStep(session, Options, T0 + Options.WarningAfter));
    }

    [Fact]
    public void DueStep_NoSessionOrAnEndedOne_IsNull()
    {
        var ended = new SessionRecord { StartedAt = T0, LastActivityAt = T0, EndedAt = T0 };

        Assert.Null(SessionTimeline.DueStep(null, Options, T0.AddYears(1)));
        Assert.Null(SessionTimeline.DueStep(ended, Options, T0.AddYears(1)));
    }
}
