using System.Diagnostics;
using Orleans.Sms.Messaging;
using Orleans.Sms.Testing.FakeTwilio;
using Twilio.Security;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>Single-thread cost of the webhook front's own steps for one message: the Twilio signature check and number parsing.</summary>
internal static class FrontCost
{
    public sealed record class Cost(string Step, double Micros, double AllocatedKb);

    public static IReadOnlyList<Cost> Measure(int iterations)
    {
        const string token = "0123456789abcdef0123456789abcdef";
        const string url = "https://sms.example.com/webhooks/twilio/sms";
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ToCountry"] = "US", ["ToState"] = "NY", ["SmsMessageSid"] = "SM0123", ["NumMedia"] = "0", ["ToCity"] = "NEW YORK",
            ["FromZip"] = "94105", ["SmsSid"] = "SM0123", ["FromState"] = "CA", ["SmsStatus"] = "received", ["FromCity"] = "SAN FRANCISCO",
            ["Body"] = "Hi! Could we move my appointment to Thursday afternoon? Thanks", ["FromCountry"] = "US", ["To"] = "+16462000001",
            ["MessagingServiceSid"] = "MG0123", ["ToZip"] = "10001", ["NumSegments"] = "1", ["MessageSid"] = "SM0123",
            ["AccountSid"] = "AC0123", ["From"] = "+14153000001", ["ApiVersion"] = "2010-04-01",
        };
        var signature = TwilioSignature.Compute(token, url, form);
        var validator = new RequestValidator(token);
        return
        [
            Time("Twilio RequestValidator.Validate (20 fields)", iterations, () => validator.Validate(url, form, signature)),
            Time("E164.TryNormalize x2 (From, To)", iterations, () => E164.TryNormalize("+14153000001", out _) & E164.TryNormalize("+16462000001", out _)),
        ];
    }

    private static Cost Time(string step, int iterations, Func<bool> call)
    {
        if (!call())
        {
            throw new InvalidOperationException($"{step} failed on a valid input.");
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            call();
        }
        return new Cost(step, watch.Elapsed.TotalMicroseconds / iterations, (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / iterations);
    }
}
