using Orleans.Sms.Conversations;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Events;

/// <summary>
/// A change in one conversation, pushed live to the subscribers of its owner: its tenant in its environment
/// (<see cref="ITenantEventsGrain"/>).
/// A notification, not a record: the conversation itself (<see cref="IConversationGrain.GetAsync"/>) is the source of truth.
/// </summary>
/// <param name="Kind">What happened; decides which of the optional members is set.</param>
/// <param name="TenantId">The tenant that owns the conversation.</param>
/// <param name="ConversationId">The conversation (see <see cref="Conversations.ConversationId"/>).</param>
/// <param name="SessionId">The session the event belongs to.</param>
/// <param name="At">When the engine recorded the change.</param>
/// <param name="Message">The message, for <see cref="ConversationEventKind.MessageAdded"/>.</param>
/// <param name="Status">The new status, for <see cref="ConversationEventKind.StatusChanged"/>.</param>
/// <param name="EndReason">Why the session ended, for <see cref="ConversationEventKind.SessionEnded"/>.</param>
/// <param name="Environment">
/// The environment of the conversation (<c>dev</c>, <c>sandbox</c>, <c>live</c>); the publisher sets it (see
/// <see cref="Owner"/>). An event without one reaches nobody: environments are walls (docs/api.md: Boundaries).
/// </param>
[GenerateSerializer, Immutable, Alias("sms.ConversationEvent")]
public sealed record class ConversationEvent(
    [property: Id(0)] ConversationEventKind Kind,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string ConversationId,
    [property: Id(3)] string SessionId,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] SmsMessage? Message = null,
    [property: Id(6)] ConversationStatus? Status = null,
    [property: Id(7)] SessionEndReason? EndReason = null,
    [property: Id(8)] string? Environment = null)
{
    /// <summary>Whose event it is: the conversation's tenant in its environment; null while the environment is not set.</summary>
    public ResourceOwner? Owner => Environment is null ? null : new(TenantId, Environment);

    /// <summary>This event, stamped with the environment of <paramref name="owner"/> (whose tenant must be the event's).</summary>
    /// <param name="owner">The conversation's owner.</param>
    public ConversationEvent For(ResourceOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!string.Equals(owner.TenantId, TenantId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The event belongs to tenant {TenantId}, not to {owner}.", nameof(owner));
        }
        return this with { Environment = owner.Environment };
    }

    /// <summary>A message joined the transcript of <paramref name="conversationId"/>.</summary>
    /// <param name="tenantId">Owner of the conversation.</param>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="message">The recorded message (its session and timestamp are the event's).</param>
    public static ConversationEvent MessageAdded(string tenantId, string conversationId, SmsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(ConversationEventKind.MessageAdded, tenantId, conversationId, message.SessionId, message.Timestamp, Message: message);
    }

    /// <summary>The business status of <paramref name="conversationId"/> changed.</summary>
    /// <param name="tenantId">Owner of the conversation.</param>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="sessionId">The current (or last) session.</param>
    /// <param name="at">When it changed.</param>
    /// <param name="status">The new status.</param>
    public static ConversationEvent StatusChanged(
        string tenantId, string conversationId, string sessionId, DateTimeOffset at, ConversationStatus status) =>
        new(ConversationEventKind.StatusChanged, tenantId, conversationId, sessionId, at, Status: status);

    /// <summary>A session of <paramref name="conversationId"/> ended.</summary>
    /// <param name="tenantId">Owner of the conversation.</param>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="sessionId">The session that ended.</param>
    /// <param name="at">When it ended.</param>
    /// <param name="reason">Why it ended.</param>
    public static ConversationEvent SessionEnded(
        string tenantId, string conversationId, string sessionId, DateTimeOffset at, SessionEndReason reason) =>
        new(ConversationEventKind.SessionEnded, tenantId, conversationId, sessionId, at, EndReason: reason);
}
