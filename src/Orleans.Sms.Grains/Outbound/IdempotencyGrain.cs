using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Outbound;

/// <summary>
/// Remembers the first request of an idempotency key and its response for at least <see cref="Retention"/>.
/// Non-reentrant: concurrent identical requests queue here and all get the first one's response. Before the first send
/// the key is written with the message id it will send under and the sender chosen for it, so a request retried after
/// a crash or a lost answer (its response never written) asks the same conversation again with that id, whatever
/// became of the pool meanwhile, and gets the first send's outcome: sent once.
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
        var remembered = state.State.At + Retention > now;
        if (remembered && state.State.Fingerprint is { } first && first != fingerprint)
        {
            return SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was used with a different request.");
        }
        if (remembered && state.State.Response is { } response)
        {
            return response;
        }
        if (!remembered || state.State.MessageId is null)
        {
            (state.State.Fingerprint, state.State.MessageId, state.State.Sender, state.State.Response, state.State.At) =
                (fingerprint, MessageIds.New(), null, null, now);
        }
        // The key names the owner, so a send can only ever run as the tenant and environment the key belongs to.
        var owner = IIdempotencyGrain.OwnerOf(this.GetPrimaryKeyString());
        SmsResult<OutboundOutcome> result;
        try
        {
            result = await send.SendAsync(owner.TenantId, owner.Environment, request, state.State.MessageId,
                senderChosen: RecordAsync, chosenBefore: state.State.Sender);
        }
        catch
        {
            DeactivateOnIdle(); // the key may be held here and not in storage (it is written once the sender is chosen)
            throw;
        }
        // Refusals that a retry could turn into a success (a provider outage) are not remembered; the message id is.
        if (result.Error is not { Code: SmsErrorCodes.ProviderError })
        {
            state.State.Response = result;
            await state.WriteOrDropAsync(this);
        }
        return result;
    }

    /// <summary>
    /// Written before anything is sent: from here on a repeat of this request sends under the same message id, from the
    /// same number to the same customer (one conversation).
    /// </summary>
    private Task RecordAsync(string sender)
    {
        state.State.Sender = sender;
        return state.WriteOrDropAsync(this);
    }
}

[GenerateSerializer, Alias("sms.IdempotencyState")]
internal sealed class IdempotencyState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public SmsResult<OutboundOutcome>? Response { get; set; }
    /// <summary>When the key was first used (its retention runs from here).</summary>
    [Id(2)] public DateTimeOffset At { get; set; }
    /// <summary>The message id the key's send goes under, written before the first send.</summary>
    [Id(3)] public string? MessageId { get; set; }
    /// <summary>The sender chosen for the key's send, written with the message id before the first send.</summary>
    [Id(4)] public string? Sender { get; set; }
}
