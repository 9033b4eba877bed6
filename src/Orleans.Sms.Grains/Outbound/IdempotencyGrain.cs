using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Outbound;

/// <summary>
/// Remembers the first request of an idempotency key and its response for at least <see cref="Retention"/>.
/// Non-reentrant: concurrent identical requests queue here and all get the first one's response.
/// </summary>
internal sealed class IdempotencyGrain(
    [PersistentState("idempotency", SmsStorage.State)] IPersistentState<IdempotencyState> state,
    OutboundSend send,
    [FromKeyedServices(SmsClock.Key)] TimeProvider clock) : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    public async Task<SmsResult<OutboundOutcome>> SendOnceAsync(string fingerprint, OutboundSmsRequest request)
    {
        var now = clock.GetUtcNow();
        if (state.State.Response is { } response && state.State.At + Retention > now)
        {
            return state.State.Fingerprint == fingerprint
                ? response
                : SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.IdempotencyKeyReused,
                    "This Idempotency-Key was used with a different request.");
        }
        // The key names the owner, so a send can only ever run as the tenant and environment the key belongs to.
        var owner = IIdempotencyGrain.OwnerOf(this.GetPrimaryKeyString());
        var result = await send.SendAsync(owner.TenantId, owner.Environment, request);
        // Refusals that a retry could turn into a success (a provider outage) are not remembered.
        if (result.Error is not { Code: SmsErrorCodes.ProviderError })
        {
            (state.State.Fingerprint, state.State.Response, state.State.At) = (fingerprint, result, now);
            await state.WriteStateAsync();
        }
        return result;
    }
}

[GenerateSerializer, Alias("sms.IdempotencyState")]
internal sealed class IdempotencyState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public SmsResult<OutboundOutcome>? Response { get; set; }
    [Id(2)] public DateTimeOffset At { get; set; }
}
