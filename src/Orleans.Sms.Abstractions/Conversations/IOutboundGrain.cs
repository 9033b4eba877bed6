using Orleans.Sms.Errors;

namespace Orleans.Sms.Conversations;

/// <summary>
/// Business-initiated sends (docs/api.md: Sending), for the HTTP API and the client SDK alike: validation, use case and
/// sender choice, opt-out and compliance, idempotency. One rule, one place.
/// </summary>
[Alias("sms.IOutboundGrain")]
public interface IOutboundGrain : IGrainWithIntegerKey
{
    /// <summary>Sends <paramref name="request"/> for a tenant in an environment, once per idempotency key.</summary>
    /// <remarks>
    /// Its own response timeout is 110 s, past Orleans' default 30 s and past every call it makes: an opening the agent
    /// writes may wait up to 20 s for an agent slot and 30 s for the agent, then up to 20 s for the provider
    /// (docs/architecture.md: Timeouts).
    /// </remarks>
    [Alias("SendAsync"), ResponseTimeout("00:01:50")]
    Task<SmsResult<OutboundOutcome>> SendAsync(string tenantId, string environment, OutboundSmsRequest request, string? idempotencyKey = null);
}

/// <summary>The body of <c>POST /v1/outbound-sms</c>.</summary>
/// <param name="To">Recipient, any common format.</param>
/// <param name="Message">Opening text; null asks the use case's agent to write it.</param>
/// <param name="UseCaseId">The sms use case; may be left out when the environment has exactly one.</param>
/// <param name="AgentNumber">Explicit sender; must be a usable number of the use case's pool.</param>
/// <param name="ContextJson">Caller-supplied context (a JSON object) for the agent.</param>
/// <param name="ContactId">Send to this contact's number instead of <paramref name="To"/>; <paramref name="Message"/> is then a template filled from the contact.</param>
[GenerateSerializer, Immutable, Alias("sms.OutboundSmsRequest")]
public sealed record class OutboundSmsRequest(
    [property: Id(0)] string? To,
    [property: Id(1)] string? Message,
    [property: Id(2)] string? UseCaseId = null,
    [property: Id(3)] string? AgentNumber = null,
    [property: Id(4)] string? ContextJson = null,
    [property: Id(5)] string? ContactId = null);
