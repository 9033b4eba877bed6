using System.Text.Json.Serialization;

namespace Orleans.Sms.Conversations;

/// <summary>A conversation as listed by <c>GET /v1/conversations</c>: who, under which use case, in which state.</summary>
/// <param name="ConversationId">Opaque, stable id of the pair.</param>
/// <param name="TenantId">Owner.</param>
/// <param name="Environment">Environment of the agent number.</param>
/// <param name="UseCaseId">The sms use case.</param>
/// <param name="AgentNumber">The engine's number.</param>
/// <param name="CustomerNumber">The customer's number.</param>
/// <param name="Status">Business status.</param>
/// <param name="AgentMode">False when only humans reply.</param>
/// <param name="SessionState">State of the current (or last) session.</param>
/// <param name="SessionStartedAt">Start of the current (or last) session.</param>
/// <param name="Contact">The customer number's contact in the same environment, if it is one (filled when the API reads it).</param>
/// <param name="SessionExpiresAt">
/// When the current session ends if nobody writes, for a session that ends without a timer (a campaign's, never
/// answered); not shown (<see cref="AsOf"/> applies it).
/// </param>
[GenerateSerializer, Immutable, Alias("sms.ConversationSummary")]
public sealed record class ConversationSummary(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Environment,
    [property: Id(3)] string UseCaseId,
    [property: Id(4)] string AgentNumber,
    [property: Id(5)] string CustomerNumber,
    [property: Id(6)] ConversationStatus Status,
    [property: Id(7)] bool AgentMode,
    [property: Id(8)] SessionState? SessionState,
    [property: Id(9)] DateTimeOffset? SessionStartedAt,
    [property: Id(10)] Contacts.ContactRef? Contact = null,
    [property: Id(11), JsonIgnore] DateTimeOffset? SessionExpiresAt = null)
{
    /// <summary>
    /// The summary as it stands at <paramref name="now"/>: a session that ends without a timer is over once
    /// <see cref="SessionExpiresAt"/> has passed, though its stored row still says active until the conversation next wakes.
    /// </summary>
    public ConversationSummary AsOf(DateTimeOffset now) =>
        SessionState == Conversations.SessionState.Active && SessionExpiresAt <= now ? this with { SessionState = Conversations.SessionState.Ended } : this;
}

/// <summary>Filters of a conversation listing; null members do not filter.</summary>
/// <param name="Environment">Only this environment.</param>
/// <param name="Status">Only this status.</param>
/// <param name="AgentNumber">Only this agent number (E.164).</param>
/// <param name="CustomerNumber">Only this customer number (E.164).</param>
[GenerateSerializer, Immutable, Alias("sms.ConversationFilter")]
public sealed record class ConversationFilter(
    [property: Id(0)] string? Environment = null,
    [property: Id(1)] ConversationStatus? Status = null,
    [property: Id(2)] string? AgentNumber = null,
    [property: Id(3)] string? CustomerNumber = null)
{
    /// <summary>True when <paramref name="summary"/> passes every filter.</summary>
    public bool Matches(ConversationSummary summary) =>
        (Environment is null || summary.Environment == Environment)
        && (Status is null || summary.Status == Status)
        && (AgentNumber is null || summary.AgentNumber == AgentNumber)
        && (CustomerNumber is null || summary.CustomerNumber == CustomerNumber);
}

/// <summary>One page of a listing, ordered by conversation id; <paramref name="NextCursor"/> is null on the last page.</summary>
/// <param name="Conversations">The page.</param>
/// <param name="NextCursor">Pass it back to get the next page (stable under inserts: it is the last id of this page).</param>
[GenerateSerializer, Immutable, Alias("sms.ConversationPage")]
public sealed record class ConversationPage(
    [property: Id(0)] IReadOnlyList<ConversationSummary> Conversations,
    [property: Id(1)] string? NextCursor);
