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

    [Fact]
    public void LazyExpiry_OnlyForAnActiveUnansweredCampaignSession()
    {
        var campaign = new SessionRecord { SessionId = "ses_1", StartedAt = T0, LastActivityAt = T0.AddMinutes(1), CampaignId = "cmp_1" };

        Assert.Equal(T0.AddMinutes(1) + Options.ResumeWindow, SessionTimeline.LazyExpiry(campaign, Options));
        Assert.Null(SessionTimeline.LazyExpiry(new SessionRecord { StartedAt = T0, LastActivityAt = T0 }, Options)); // has its reminder
        Assert.Null(SessionTimeline.LazyExpiry(new SessionRecord { StartedAt = T0, LastActivityAt = T0, CampaignId = "cmp_1", Engaged = true }, Options));
        Assert.Null(SessionTimeline.LazyExpiry(new SessionRecord { StartedAt = T0, LastActivityAt = T0, CampaignId = "cmp_1", EndedAt = T0 }, Options));
        Assert.Null(SessionTimeline.LazyExpiry(null, Options));
    }

    [Fact]
    public void ViewAt_ALazilyExpiringSessionPastItsWindow_IsShownEndedExpiredAtTheWindowsEnd()
    {
        var session = new SessionRecord { SessionId = "ses_1", StartedAt = T0, LastActivityAt = T0, CampaignId = "cmp_1" };
        var expiry = T0 + Options.ResumeWindow;

        var before = SessionTimeline.ViewAt(session, Options, expiry - TimeSpan.FromTicks(1))!;
        var after = SessionTimeline.ViewAt(session, Options, expiry + TimeSpan.FromDays(3))!;

        Assert.Equal((SessionState.Active, null, null), (before.State, before.EndedAt, before.EndReason));
        Assert.Equal((SessionState.Ended, expiry, SessionEndReason.Expired), (after.State, after.EndedAt, after.EndReason));
        Assert.True(session.IsActive); // a view: the record is untouched
    }

    [Fact]
    public void ViewAt_AnySessionWithATimer_IsItsRecordAsItIs()
    {
        var session = new SessionRecord { SessionId = "ses_1", StartedAt = T0, LastActivityAt = T0 };

        Assert.Equal(session.ToView(), SessionTimeline.ViewAt(session, Options, T0 + Options.ResumeWindow * 2));
    }

    [Fact]
    public void EndAs_ALazilyExpiringSessionPastItsWindow_EndedExpiredAtItsEnd_WhateverEndsItLater()
    {
        var session = new SessionRecord { SessionId = "ses_1", StartedAt = T0, LastActivityAt = T0, CampaignId = "cmp_1" };
        var expiry = T0 + Options.ResumeWindow;

        Assert.Equal((SessionEndReason.Expired, expiry), SessionTimeline.EndAs(session, Options, SessionEndReason.Superseded, expiry.AddDays(2)));
        Assert.Equal((SessionEndReason.Closed, expiry.AddTicks(-1)), SessionTimeline.EndAs(session, Options, SessionEndReason.Closed, expiry.AddTicks(-1)));
        var timed = new SessionRecord { SessionId = "ses_2", StartedAt = T0, LastActivityAt = T0 };
        Assert.Equal((SessionEndReason.Superseded, expiry.AddDays(2)), SessionTimeline.EndAs(timed, Options, SessionEndReason.Superseded, expiry.AddDays(2)));
    }
}
