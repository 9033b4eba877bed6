using System.Globalization;
using Orleans.Sms.Providers;
using Orleans.Sms.Twilio.Http;
using Polly.Timeout;
using Twilio.Exceptions;

namespace Orleans.Sms.Twilio;

/// <summary>Turns what the Twilio SDK and the HttpClient pipeline throw into <see cref="ProviderException"/>.</summary>
internal static class TwilioFailures
{
    /// <summary>Twilio's code for a resource that does not exist.</summary>
    public const int NotFound = 20404;

    /// <summary>Twilio's code for adding a number to the messaging service that already holds it.</summary>
    public const int AlreadyInService = 21710;

    /// <summary>Whether <paramref name="failure"/> comes from the call to Twilio (and not from a bug of ours).</summary>
    public static bool IsCallFailure(Exception failure) =>
        failure is TwilioException or HttpRequestException or TimeoutRejectedException or OperationCanceledException;

    /// <summary>Whether Twilio answered that the resource does not exist (404).</summary>
    public static bool IsNotFound(Exception failure) =>
        failure is ApiException { Status: 404 } or ApiException { Code: NotFound };

    /// <summary>
    /// The exception to throw for <paramref name="failure"/>: an <see cref="OperationCanceledException"/> when the
    /// caller cancelled; otherwise a <see cref="ProviderException"/>, transient for 408, 429, 5xx, timeouts and
    /// connection failures (the pipeline already retried what was safe to retry), permanent for any other 4xx; with an
    /// unknown outcome for 408, 500, 504, timeouts and connection failures (the request may have been carried out).
    /// </summary>
    public static Exception Translate(Exception failure, TwilioCall call, string operation)
    {
        if (call.CancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException($"Twilio {operation} was cancelled.", failure, call.CancellationToken);
        }

        if (failure is ApiException api && (api.Status > 0 || call.LastStatus is not null))
        {
            var status = api.Status > 0 ? api.Status : call.LastStatus!.Value;
            var code = api.Code > 0 ? api.Code.ToString(CultureInfo.InvariantCulture) : null;
            var transient = status is 408 or 429 or >= 500;
            // 408 and 504 say that the request timed out on the way, and 500 that Twilio failed it, perhaps after storing
            // it: not that Twilio refused it, so a message may have been created. Only for a send does it matter (the
            // engine then looks the message up before it sends again).
            var outcomeUnknown = status is 408 or 500 or 504;
            return new ProviderException(
                outcomeUnknown
                    ? $"Twilio failed on the way to {operation} (HTTP {status}{(code is null ? "" : $", error {code}")}); the outcome is unknown (it may have been done)."
                    : $"Twilio refused to {operation}: HTTP {status}{(code is null ? "" : $", error {code}")}: {api.Message}",
                transient, code, failure, outcomeUnknown);
        }

        var timedOut = Unwrap(failure).Any(e => e is TimeoutRejectedException or TimeoutException or TaskCanceledException);
        return new ProviderException(
            timedOut
                ? $"Twilio did not answer in time to {operation}; the outcome is unknown (it may have been done)."
                : $"Twilio could not be reached to {operation} (a send may or may not have been accepted): {failure.Message}",
            transient: true, errorCode: null, inner: failure, outcomeUnknown: true);
    }

    private static IEnumerable<Exception> Unwrap(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
