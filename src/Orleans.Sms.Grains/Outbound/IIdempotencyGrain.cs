using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Conversations;

/// <summary>
/// One idempotency key of one tenant in one environment, keyed by <see cref="KeyFor"/>: the first request's fingerprint
/// and its response. Environments are walls (docs/api.md: Boundaries): the same key in another environment is another grain, so it
/// neither replays nor refuses across them. Non-reentrant, so concurrent identical requests wait for the first and get its response.
/// </summary>
[Alias("sms.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Sends once, as the owner the grain is keyed by: the first call runs the send; later calls with the same
    /// fingerprint get the same response, with another fingerprint <c>idempotency_key_reused</c>. Its response timeout
    /// (100 s) is past the agent's ask (60 s) and the opening's send (Orleans' default 30 s) together, and inside
    /// <see cref="IOutboundGrain.SendAsync"/>'s (110 s), so the caller hears what came of it.</summary>
    [Alias("SendOnceAsync"), ResponseTimeout("00:01:40")]
    Task<SmsResult<OutboundOutcome>> SendOnceAsync(string fingerprint, OutboundSmsRequest request);

    /// <summary>The grain key of an idempotency key of <paramref name="owner"/> (the tenant in one environment).</summary>
    public static string KeyFor(ResourceOwner owner, string idempotencyKey) => $"{owner.TenantId}|{owner.Environment}|{idempotencyKey}";

    /// <summary>The owner a grain key of <see cref="KeyFor"/> was made for (the idempotency key itself may hold any character).</summary>
    public static ResourceOwner OwnerOf(string grainKey)
    {
        var parts = grainKey.Split('|', 3);
        return parts.Length == 3
            ? new ResourceOwner(parts[0], parts[1])
            : throw new ArgumentException($"'{grainKey}' is not an idempotency grain key.", nameof(grainKey));
    }
}
