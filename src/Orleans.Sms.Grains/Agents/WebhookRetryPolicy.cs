using System.Net.Http;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Sms.Agents;

/// <summary>
/// The resilience pipeline of the webhook agent HttpClient: a total timeout, bounded retries with exponential backoff
/// and jitter, and a timeout per attempt.
/// </summary>
/// <remarks>
/// Every non-2xx answer, attempt timeout and connection failure is retried (README.md: Agents), also for a POST: a turn
/// carries an <c>X-Sms-Delivery</c> id that stays the same across its attempts, so an agent can drop a repeat of a turn
/// it already answered. Cancellation by the caller is never retried, nor a call the <see cref="OutboundCallGuard"/>
/// refused (asking again would only be refused again).
/// </remarks>
internal static class WebhookRetryPolicy
{
    /// <summary>Request option holding how many attempts were made (set by the retry, read for the failure reason).</summary>
    public static readonly HttpRequestOptionsKey<int> Attempts = new("Orleans.Sms.Agents.Webhook.Attempts");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, WebhookAgentOptions options)
    {
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxAttempts > 1)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                OnRetry = args =>
                {
                    // AttemptNumber is zero-based and names the attempt that failed; the next one is number + 2.
                    args.Context.GetRequestMessage()?.Options.Set(Attempts, args.AttemptNumber + 2);
                    return ValueTask.CompletedTask;
                },
            });
        }
        pipeline.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>Whether another attempt may help after <paramref name="outcome"/>.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response
            ? !response.IsSuccessStatusCode
            : outcome.Exception is TimeoutRejectedException
                || (outcome.Exception is HttpRequestException && !OutboundCallRefusedException.IsIn(outcome.Exception));
}
