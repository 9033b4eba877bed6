namespace Orleans.Sms.Conversations;

/// <summary>
/// The conversation's call a campaign makes once the sessions it opened are past their window: a session a campaign opened
/// and the customer never answered has no reminder of its own (<see cref="SessionTimeline.ExpiresLazily"/>), so its
/// campaign wakes it (docs/architecture.md: Campaigns).
/// </summary>
[Alias("sms.IConversationExpiry")]
internal interface IConversationExpiry : IGrainWithStringKey
{
    /// <summary>
    /// Ends the current session <c>expired</c> (stored, archived, <c>session_ended</c> published) when a campaign opened it,
    /// the customer never answered and its window has passed, as an activation would; otherwise changes nothing. The
    /// activation then goes, unless something is owed.
    /// </summary>
    [Alias("ExpireUnansweredAsync")]
    Task ExpireUnansweredAsync();
}
