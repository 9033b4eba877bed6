namespace Orleans.Sms.Twilio;

/// <summary>
/// Settings of the Twilio provider, bound from <c>Sms:Twilio</c> (and <see cref="PublicBaseUrl"/> from
/// <c>Sms:PublicBaseUrl</c>). Validated at start-up; every failure names its configuration key.
/// </summary>
public sealed class TwilioProviderOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Sms:Twilio";

    /// <summary>The configuration key of <see cref="PublicBaseUrl"/> (outside <see cref="SectionName"/>: the webhooks share it).</summary>
    public const string PublicBaseUrlKey = "Sms:PublicBaseUrl";

    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> every Twilio REST call goes through.</summary>
    public const string HttpClientName = "Orleans.Sms.Twilio";

    /// <summary>The account the provider acts for (<c>AC…</c>); also the Basic-auth user name.</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's auth token: the Basic-auth password, and the key of <c>X-Twilio-Signature</c>.</summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// Optional origin (scheme, host, port) every REST call is sent to instead of Twilio's own hosts:
    /// a local fake in tests. Null sends to <c>api.twilio.com</c> / <c>messaging.twilio.com</c>.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>The externally visible origin of this host, used to build the webhook URLs handed to Twilio.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Timeout of one HTTP attempt. A send that times out is not retried (it may have been accepted).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on one call including its retries; keep it under the Orleans grain call timeout (30 s).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Retries after the first attempt on 429, 5xx and connection failures (0 disables retries).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Base delay of the exponential backoff (with jitter) between retries.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of a single retry delay, including a delay asked for by <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The URL Twilio posts inbound messages to: <c>{PublicBaseUrl}/webhooks/twilio/sms</c>.</summary>
    public Uri InboundWebhookUrl() => new(PublicOrigin() + TwilioWebhookPaths.Inbound);

    /// <summary>
    /// The URL Twilio posts status callbacks to: <c>{PublicBaseUrl}/webhooks/twilio/status</c>, with the engine's
    /// message id as <c>?mid=</c> when given, so that a callback can be matched even if the SID was never recorded.
    /// </summary>
    public Uri StatusCallbackUrl(string? messageId = null) => new(
        PublicOrigin() + TwilioWebhookPaths.Status
        + (messageId is null ? "" : "?" + TwilioWebhookPaths.MessageIdQuery + "=" + Uri.EscapeDataString(messageId)));

    private string PublicOrigin() =>
        (PublicBaseUrl ?? throw new InvalidOperationException($"{PublicBaseUrlKey} is not set.")).TrimEnd('/');
}

/// <summary>The routes of this host that Twilio calls back.</summary>
public static class TwilioWebhookPaths
{
    /// <summary>Inbound messages (form post, signed).</summary>
    public const string Inbound = "/webhooks/twilio/sms";

    /// <summary>Delivery status callbacks (form post, signed; the signed URL includes the query string).</summary>
    public const string Status = "/webhooks/twilio/status";

    /// <summary>The query parameter of a status callback URL that carries the engine's message id.</summary>
    public const string MessageIdQuery = "mid";
}
