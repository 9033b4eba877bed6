namespace Orleans.Sms.Host.Hosting;

/// <summary>Every string has a cap (docs/api.md: Boundaries): the longest values the host accepts, in UTF-16 code units.</summary>
public static class FieldLimits
{
    /// <summary>A provider's message id (Twilio's <c>MessageSid</c>, the simulator's <c>message_sid</c>); longer → 400 <c>invalid_request</c>.</summary>
    public const int ProviderId = 64;

    /// <summary>A name (tenant, use case); longer → 400 <c>invalid_request</c>.</summary>
    public const int Name = 200;

    /// <summary>A URL the engine calls (a webhook agent's); longer → 400 <c>invalid_request</c>.</summary>
    public const int Url = 2048;

    /// <summary>A secret (a webhook agent's signing secret); longer → 400 <c>invalid_request</c>.</summary>
    public const int Secret = 256;

    /// <summary>An id of another system kept as given (an A2P campaign id); longer → 400 <c>invalid_request</c>.</summary>
    public const int ExternalId = 200;

    /// <summary>A phone number as received, before it is normalised (short codes and alphanumeric senders stay as sent).</summary>
    public const int PhoneNumber = 64;
}
