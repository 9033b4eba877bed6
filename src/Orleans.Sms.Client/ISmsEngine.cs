using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Events;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Client;

/// <summary>
/// The engine as another .NET service sees it, for one tenant and environment (<see cref="SmsClientOptions"/>):
/// the same rules and error codes as the HTTP API (docs/api.md: Sending, Conversations), over the Orleans client instead of HTTP.
/// </summary>
/// <remarks>
/// <para>Refusals the HTTP API answers with a 4xx come back as an <see cref="SmsResult{T}"/> with the same
/// <see cref="SmsError.Code"/> (<c>invalid_phone_number</c>, <c>not_found</c>, ...); a resource of another tenant
/// is <c>null</c> or <c>not_found</c>, as over HTTP. Exceptions mean the cluster could not be reached or a bug.</para>
/// <para>A <see cref="CancellationToken"/> stops the wait, not the operation: a cancelled send may still go out, so
/// retry it with the same idempotency key to learn its outcome.</para>
/// </remarks>
public interface ISmsEngine
{
    /// <summary>The tenant the engine acts for.</summary>
    string TenantId { get; }

    /// <summary>The environment the engine acts in: <c>dev</c>, <c>sandbox</c> or <c>live</c>.</summary>
    string Environment { get; }

    /// <summary>
    /// The tenant and environment together: what every call acts as. Environments are walls (docs/api.md: Boundaries): a
    /// conversation of another environment is <c>null</c>/<c>not_found</c> here, exactly as another tenant's.
    /// </summary>
    ResourceOwner Owner { get; }

    /// <summary>
    /// Starts a new session with <paramref name="request"/>.<see cref="OutboundSmsRequest.To"/>, as <c>POST /v1/outbound-sms</c>
    /// does: the same validation, use case and sender choice, opt-out and compliance checks, in the same place.
    /// </summary>
    /// <param name="request">What to send, to whom, from which use case or number.</param>
    /// <param name="idempotencyKey">As the <c>Idempotency-Key</c> header: the same key again returns the first outcome and sends nothing.</param>
    /// <param name="cancellationToken">Stops waiting for the outcome.</param>
    /// <returns>The outcome (the body of the HTTP 201), or the refusal with its contract error code.</returns>
    Task<SmsResult<OutboundOutcome>> SendAsync(OutboundSmsRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>A conversation with its newest <paramref name="messageLimit"/> messages (as <c>GET /v1/conversations/{id}</c>).</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="messageLimit">1 to <see cref="SmsEngine.MaxMessages"/> messages.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The conversation, or null when it does not exist or belongs to another tenant or environment.</returns>
    Task<ConversationView?> GetConversationAsync(string conversationId, int messageLimit = 100, CancellationToken cancellationToken = default);

    /// <summary>Sets a conversation's business status (as <c>PATCH /v1/conversations/{id}</c> with <c>status</c>).</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="status">The new status.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The updated conversation, or null when it does not exist or belongs to another tenant or environment.</returns>
    Task<ConversationView?> SetStatusAsync(string conversationId, ConversationStatus status, CancellationToken cancellationToken = default);

    /// <summary>Turns the agent on or off for a conversation (as <c>PATCH /v1/conversations/{id}</c> with <c>agent_mode</c>).</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="agentMode">False: messages are stored and only humans reply.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The updated conversation, or null when it does not exist or belongs to another tenant or environment.</returns>
    Task<ConversationView?> SetAgentModeAsync(string conversationId, bool agentMode, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes to the live events of every conversation of the tenant in the engine's environment (its <c>Owner</c>;
    /// environments are walls, so no other environment's event arrives). The subscription is active when the task
    /// completes and renews itself until disposed.
    /// </summary>
    /// <remarks>
    /// Delivery is <b>at-most-once and live only</b>: events are pushed as they happen and never stored or replayed.
    /// Events that happen while this process is disconnected, before the subscription is active, after the hub lost
    /// its subscribers (a silo failure: until the next renewal), or that overflow the buffer, are missed; and events can
    /// arrive out of order. Use events as a signal and read the conversation (<see cref="GetConversationAsync"/>),
    /// which is the source of truth.
    /// </remarks>
    /// <param name="cancellationToken">Stops waiting for the subscription.</param>
    /// <returns>The subscription: read its events, dispose it to unsubscribe.</returns>
    Task<ConversationEventSubscription> SubscribeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The conversation events of the tenant in the engine's environment as they happen, until <paramref name="cancellationToken"/> is cancelled
    /// (enumeration then ends with <see cref="OperationCanceledException"/>). Subscribes when enumeration starts and
    /// unsubscribes when it ends; the same at-most-once, live-only delivery as <see cref="SubscribeAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Ends the watch.</param>
    IAsyncEnumerable<ConversationEvent> WatchAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes to the progress of every campaign of the tenant in the engine's environment (its <c>Owner</c>;
    /// environments are walls, so no other environment's campaign is heard of). The subscription is active when the task
    /// completes and renews itself until disposed.
    /// </summary>
    /// <remarks>
    /// A campaign publishes a <see cref="CampaignEvent"/> with its status, pause reason and counts when its status or pause
    /// reason changes (at once) and when its counts moved (coalesced: a few events a second at most, the latest counts
    /// always following). Delivery is <b>at-most-once and live only</b>, as for <see cref="SubscribeAsync"/>: events are
    /// never stored or replayed, are missed while this process is disconnected or the subscription not yet active, and
    /// can arrive out of order (order by <see cref="CampaignEvent.At"/>). Use them to show progress; the campaign as
    /// <c>GET /v1/campaigns/{id}</c> answers it is the source of truth.
    /// </remarks>
    /// <param name="cancellationToken">Stops waiting for the subscription.</param>
    /// <returns>The subscription: read its events, dispose it to unsubscribe.</returns>
    Task<CampaignEventSubscription> SubscribeCampaignsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The campaign progress of the tenant in the engine's environment as it happens, until <paramref name="cancellationToken"/>
    /// is cancelled (enumeration then ends with <see cref="OperationCanceledException"/>). Subscribes when enumeration starts
    /// and unsubscribes when it ends; the same at-most-once, live-only delivery as <see cref="SubscribeCampaignsAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Ends the watch.</param>
    IAsyncEnumerable<CampaignEvent> WatchCampaignsAsync(CancellationToken cancellationToken = default);
}
