using Orleans.Sms.Conversations;

namespace Orleans.Sms.Conversations;

/// <summary>The current session of a conversation, as the grain keeps it.</summary>
[GenerateSerializer, Alias("sms.SessionRecord")]
public sealed class SessionRecord
{
    [Id(0)] public string SessionId { get; set; } = "";
    [Id(1)] public DateTimeOffset StartedAt { get; set; }
    /// <summary>Last customer or agent message (system messages such as the warning do not count).</summary>
    [Id(2)] public DateTimeOffset LastActivityAt { get; set; }
    /// <summary>True once the customer has written in this session.</summary>
    [Id(3)] public bool Engaged { get; set; }
    /// <summary>When the warning went out in the current silence; cleared by a customer reply.</summary>
    [Id(4)] public DateTimeOffset? WarningSentAt { get; set; }
    [Id(5)] public DateTimeOffset? EndedAt { get; set; }
    [Id(6)] public SessionEndReason? EndReason { get; set; }
    /// <summary>The campaign whose message opened the session (replies in it count for the campaign).</summary>
    [Id(7)] public string? CampaignId { get; set; }
    /// <summary>The customer's reply was reported to <see cref="CampaignId"/> (once per session).</summary>
    [Id(8)] public bool CampaignReplyReported { get; set; }

    public bool IsActive => EndedAt is null;

    public SessionView ToView() => new(
        SessionId, IsActive ? SessionState.Active : SessionState.Ended, Engaged,
        StartedAt, LastActivityAt, WarningSentAt, EndedAt, EndReason);
}
