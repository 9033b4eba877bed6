using Orleans.Sms.Agents;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Host.Apis;

/// <summary>The shape rules of a use case request, in one place.</summary>
internal static class UseCaseValidation
{
    public static SmsError? Validate(UseCasesApi.UseCaseRequest request, ApiCaller caller)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > FieldLimits.Name)
        {
            return Invalid($"'name' is required (at most {FieldLimits.Name} characters).");
        }
        if (request.Channel is null || !UseCaseChannels.All.Contains(request.Channel))
        {
            return Invalid($"'channel' must be one of {string.Join(", ", UseCaseChannels.All)}.");
        }
        if (caller.EnvironmentMismatch(request.Environment) is { } mismatch)
        {
            return mismatch;
        }
        if (request.Agent is { } agent)
        {
            // An enum is its documented lower-case name (docs/api.md: Boundaries): "ECHO" is refused like 7 would be.
            if (agent.Type is null || !AgentTypes.All.Contains(agent.Type, StringComparer.Ordinal))
            {
                return Invalid($"'agent.type' must be one of {string.Join(", ", AgentTypes.All)}.");
            }
            if (agent.Type == WebhookAgent.Type
                && (!Uri.TryCreate(agent.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
                    || string.IsNullOrEmpty(agent.Secret)))
            {
                return Invalid("A webhook agent needs an absolute http(s) 'url' and a 'secret'.");
            }
            if (agent.Url is { Length: > FieldLimits.Url } || agent.Secret is { Length: > FieldLimits.Secret })
            {
                return Invalid($"'agent.url' is at most {FieldLimits.Url} characters and 'agent.secret' at most {FieldLimits.Secret}.");
            }
        }
        foreach (var (field, value) in new[] { ("greeting", request.Greeting), ("warning_message", request.WarningMessage), ("help_text", request.HelpText) })
        {
            if (value is { Length: 0 or > Conversations.SmsLimits.MaxBodyLength })
            {
                return Invalid($"'{field}' must be 1 to {Conversations.SmsLimits.MaxBodyLength} characters when given.");
            }
        }
        if (request.BatchWindow is { } window && (window < TimeSpan.Zero || window > TimeSpan.FromMinutes(10)))
        {
            return Invalid("'batch_window' must be between 00:00:00 and 00:10:00.");
        }
        return request.Instructions is { Length: > 20_000 } ? Invalid("'instructions' is at most 20,000 characters.") : null;
    }

    /// <summary>
    /// docs/api.md: Boundaries: a webhook agent's URL must not name or resolve to an address the engine does not call. A host
    /// that does not resolve yet is accepted (as Stripe accepts an endpoint before its DNS exists): every call is
    /// judged again after its own DNS lookup, so accepting it opens nothing.
    /// </summary>
    public static async Task<SmsError?> ValidateAgentUrlAsync(
        UseCasesApi.UseCaseRequest request, OutboundCallGuard guard, CancellationToken cancellationToken)
    {
        if (request.Agent is not { Type: WebhookAgent.Type, Url: { } url })
        {
            return null;
        }
        var refusal = await guard.CheckAsync(new Uri(url, UriKind.Absolute), cancellationToken); // Validate checked the shape
        return refusal is null ? null : Invalid(refusal.Describe("agent.url"));
    }

    private static SmsError Invalid(string detail) => new(SmsErrorCodes.InvalidRequest, detail);
}
