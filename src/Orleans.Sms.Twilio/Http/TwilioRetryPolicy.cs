using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Sms.Twilio.Http;

/// <summary>
/// The resilience pipeline of the Twilio HttpClient: a total timeout, bounded retries with exponential backoff and
/// jitter, and a timeout per attempt.
/// </summary>
/// <remarks>
/// What is retried depends on whether a repeat could create a second resource:
/// <list type="bullet">
/// <item>Every request: 429 (Twilio throttled it, nothing was created), 502, 503 (the gateway answered: the request did
/// not reach Twilio's service), and failures to connect (DNS, TCP, TLS: nothing reached Twilio).</item>
/// <item>Idempotent requests only (GET, DELETE, and adding a number to a service, where a repeat answers 21710):
/// per-attempt timeouts, 408, 500, 504 and connections broken after the request was sent.</item>
/// <item>Creates (sending a message, creating a messaging service) are never retried on those: the outcome is
/// unknown (Twilio may have accepted the request and only the answer was lost, or failed it after storing the
/// message), so a retry could double-send. The failure is reported once, as a transient
/// <see cref="Providers.ProviderException"/> with an unknown outcome, and the engine looks a send up before it sends
/// it again.</item>
/// </list>
/// </remarks>
internal static class TwilioRetryPolicy
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, TwilioProviderOptions options, TimeProvider time)
    {
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryDelay, time)),
            });
        }
        pipeline.AddTimeout(options.RequestTimeout);
    }

    /// <summary>Whether another attempt is safe and useful after <paramref name="outcome"/>.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        var idempotent = IsIdempotent(request);
        if (outcome.Result is { } response)
        {
            return (int)response.StatusCode switch
            {
                429 or 502 or 503 => true,
                408 or 500 or 504 => idempotent,
                _ => false,
            };
        }

        return outcome.Exception switch
        {
            HttpRequestException failure => idempotent || NothingWasSent(failure),
            TimeoutRejectedException => idempotent,
            _ => false,
        };
    }

    /// <summary>GET and DELETE, and adding a number to a messaging service (a repeat answers 21710, treated as done).</summary>
    internal static bool IsIdempotent(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get
            || request.Method == HttpMethod.Delete
            || (request.Method == HttpMethod.Post
                && request.RequestUri?.AbsolutePath.EndsWith("/PhoneNumbers", StringComparison.Ordinal) == true));

    /// <summary>The delay asked for by <c>Retry-After</c>, capped; null lets the exponential backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date - time.GetUtcNow());
        if (delay is null)
        {
            return null;
        }
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > cap ? cap : delay;
    }

    private static bool NothingWasSent(HttpRequestException failure) => failure.HttpRequestError
        is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;
}
