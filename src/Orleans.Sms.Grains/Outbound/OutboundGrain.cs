using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Outbound;

/// <summary>
/// The front of business-initiated sends: a stateless, reentrant worker (it keeps no state), so concurrent sends to
/// different conversations never wait for each other here.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class OutboundGrain(OutboundSend send) : Grain, IOutboundGrain
{
    public const int MaxIdempotencyKeyLength = 255;

    public async Task<SmsResult<OutboundOutcome>> SendAsync(string tenantId, string environment, OutboundSmsRequest request, string? idempotencyKey = null)
    {
        if (OutboundSend.Validate(request) is { } invalid)
        {
            return SmsResult<OutboundOutcome>.Fail(invalid);
        }
        if (idempotencyKey is null)
        {
            return await send.SendAsync(tenantId, environment, request);
        }
        if (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength)
        {
            return SmsResult<OutboundOutcome>.Fail(SmsErrorCodes.InvalidRequest, $"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} characters.");
        }
        // Scoped to the tenant and the environment: a key used in live tells the sandbox nothing (docs/api.md: Boundaries).
        return await GrainFactory.GetGrain<IIdempotencyGrain>(IIdempotencyGrain.KeyFor(new ResourceOwner(tenantId, environment), idempotencyKey))
            .SendOnceAsync(Fingerprint(environment, request), request);
    }

    /// <summary>What makes two requests "the same": environment and every field of the body.</summary>
    private static string Fingerprint(string environment, OutboundSmsRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { environment, request }))));
}
