using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Events;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Client;

/// <summary>
/// <see cref="ISmsEngine"/> over an Orleans client (or any <see cref="IGrainFactory"/> of the engine's cluster).
/// Thin on purpose: every rule lives in the grains, shared with the HTTP API.
/// </summary>
public sealed class SmsEngine : ISmsEngine
{
    /// <summary>The most messages <see cref="GetConversationAsync"/> returns, as <c>GET /v1/conversations/{id}?limit=</c>.</summary>
    public const int MaxMessages = SmsLimits.MaxMessagesPerRead;

    private readonly IGrainFactory _grains;
    private readonly SmsClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SmsEngine> _logger;

    /// <summary>Creates the engine facade.</summary>
    /// <param name="grains">The cluster client (<see cref="IClusterClient"/>) or a silo's grain factory.</param>
    /// <param name="options">Tenant, environment and event settings; the connection settings are not used here.</param>
    /// <param name="time">The clock of subscription renewals; the system clock when null.</param>
    /// <param name="logger">Where failed renewals are reported.</param>
    public SmsEngine(IGrainFactory grains, SmsClientOptions options, TimeProvider? time = null, ILogger<SmsEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.TenantId, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Environment, nameof(options));
        (_grains, _options, _time, _logger) = (grains, options, time ?? TimeProvider.System, logger ?? NullLogger<SmsEngine>.Instance);
        Owner = new ResourceOwner(options.TenantId, options.Environment);
    }

    /// <inheritdoc />
    public string TenantId => Owner.TenantId;

    /// <inheritdoc />
    public string Environment => Owner.Environment;

    /// <inheritdoc />
    public ResourceOwner Owner { get; }

    /// <inheritdoc />
    public Task<SmsResult<OutboundOutcome>> SendAsync(
        OutboundSmsRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The HTTP endpoint calls the same grain with the same arguments: one rule, one place.
        return _grains.GetGrain<IOutboundGrain>(0)
            .SendAsync(TenantId, Environment, request, idempotencyKey)
            .WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ConversationView?> GetConversationAsync(
        string conversationId, int messageLimit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messageLimit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageLimit, MaxMessages);
        return ConversationId.IsWellFormed(conversationId)
            ? await Conversation(conversationId).GetAsync(Owner, messageLimit).WaitAsync(cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <inheritdoc />
    public Task<ConversationView?> SetStatusAsync(
        string conversationId, ConversationStatus status, CancellationToken cancellationToken = default) =>
        UpdateAsync(conversationId, new ConversationUpdate(status, null), cancellationToken);

    /// <inheritdoc />
    public Task<ConversationView?> SetAgentModeAsync(
        string conversationId, bool agentMode, CancellationToken cancellationToken = default) =>
        UpdateAsync(conversationId, new ConversationUpdate(null, agentMode), cancellationToken);

    /// <inheritdoc />
    public Task<ConversationEventSubscription> SubscribeAsync(CancellationToken cancellationToken = default) =>
        ConversationEventSubscription.StartAsync(
            _grains, Owner, _options.EventBufferCapacity, _options.EventRenewalInterval, _time, _logger, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ConversationEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var subscription = await SubscribeAsync(cancellationToken).ConfigureAwait(false);
        await using (subscription.ConfigureAwait(false))
        {
            await foreach (var e in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
    }

    /// <inheritdoc />
    public Task<CampaignEventSubscription> SubscribeCampaignsAsync(CancellationToken cancellationToken = default) =>
        CampaignEventSubscription.StartAsync(
            _grains, Owner, _options.EventBufferCapacity, _options.EventRenewalInterval, _time, _logger, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<CampaignEvent> WatchCampaignsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var subscription = await SubscribeCampaignsAsync(cancellationToken).ConfigureAwait(false);
        await using (subscription.ConfigureAwait(false))
        {
            await foreach (var e in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
    }

    private async Task<ConversationView?> UpdateAsync(string conversationId, ConversationUpdate update, CancellationToken cancellationToken) =>
        ConversationId.IsWellFormed(conversationId)
            ? await Conversation(conversationId).UpdateAsync(Owner, update).WaitAsync(cancellationToken).ConfigureAwait(false)
            : null;

    private IConversationGrain Conversation(string conversationId) => _grains.GetGrain<IConversationGrain>(conversationId);
}
