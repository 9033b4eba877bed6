using Orleans.Sms.Errors;

namespace Orleans.Sms.Conversations;

/// <summary>
/// One idempotency key of one tenant, keyed by <see cref="KeyFor"/>: the first request's fingerprint and its
/// response. Non-reentrant, so concurrent identical requests wait for the first and get its response.
/// </summary>
[Alias("sms.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Sends once: the first call runs the send; later calls with the same fingerprint get the same response,
    /// with another fingerprint <c>idempotency_key_reused</c>.</summary>
    [Alias("SendOnceAsync")]
    Task<SmsResult<OutboundOutcome>> SendOnceAsync(string fingerprint, string environment, OutboundSmsRequest request);

    /// <summary>The grain key of a tenant's idempotency key.</summary>
    public static string KeyFor(string tenantId, string idempotencyKey) => $"{tenantId}|{idempotencyKey}";
}
