namespace Orleans.Sms.Agents;

/// <summary>
/// Delivery settings of webhook agents, bound from <c>Sms:Agent:Webhook</c>. One turn makes up to
/// <see cref="MaxAttempts"/> attempts, each bounded by <see cref="AttemptTimeout"/>, with exponential backoff and jitter
/// between them, all within <see cref="TotalTimeout"/>.
/// </summary>
public sealed class WebhookAgentOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Sms:Agent:Webhook";

    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> webhook agent calls go through.</summary>
    public const string HttpClientName = "Orleans.Sms.Agents.Webhook";

    /// <summary>
    /// The largest allowed <see cref="TotalTimeout"/>: the conversation grain gives an agent turn 30 s, and a webhook
    /// still retrying when the grain gives up would only waste the agent's work.
    /// </summary>
    public static readonly TimeSpan MaxTotalTimeout = TimeSpan.FromSeconds(29);

    /// <summary>Timeout of one HTTP attempt (default 8 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Attempts per turn including the first, on non-2xx answers, timeouts and connection failures (default 3; 1 disables retries).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Base delay of the exponential backoff (with jitter) between attempts (default 500 ms).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of a single delay between attempts (default 4 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Bound on one turn including every attempt and delay (default 25 s, at most <see cref="MaxTotalTimeout"/>).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(25);
}
