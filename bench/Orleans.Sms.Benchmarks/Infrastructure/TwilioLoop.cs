using System.Diagnostics;
using Orleans.Sms.Testing.FakeTwilio;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using TwilioPhoneNumber = Twilio.Types.PhoneNumber;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>
/// The campaign benchmark's baseline: a plain loop in this process sending messages through the official Twilio SDK
/// (<c>MessageResource.CreateAsync</c>, the call the engine's sender makes, with a status callback URL per message) to
/// the same fake Twilio, with a fixed number of sends in flight. No storage, no grains: what sending costs by itself.
/// </summary>
internal static class TwilioLoop
{
    public static async Task<Result> SendAsync(FakeTwilioServer twilio, IReadOnlyList<string> recipients, IReadOnlyList<string> senders, string body, int concurrency)
    {
        using var http = new System.Net.Http.HttpClient(new OriginHandler(new Uri(twilio.BaseUrl))
        {
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), UseProxy = false },
        });
        var client = new TwilioRestClient(twilio.AccountSid, twilio.AuthToken, httpClient: new global::Twilio.Http.SystemNetHttpClient(http));
        var next = -1;
        var failed = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < recipients.Count)
            {
                var message = await MessageResource.CreateAsync(
                    new CreateMessageOptions(new TwilioPhoneNumber(recipients[i]))
                    {
                        From = new TwilioPhoneNumber(senders[i % senders.Count]),
                        Body = body,
                        StatusCallback = new Uri($"http://127.0.0.1:1/webhooks/twilio/status?message_id=msg_{Guid.CreateVersion7():N}"),
                    },
                    client);
                if (message.Sid is null)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var elapsed = watch.Elapsed;
        return new Result(recipients.Count - failed, elapsed);
    }

    public sealed record class Result(int Sent, TimeSpan Elapsed)
    {
        public double PerSecond => Sent / Elapsed.TotalSeconds;
    }

    /// <summary>Sends the SDK's <c>api.twilio.com</c> requests to the fake (scheme, host and port; path and query stay).</summary>
    private sealed class OriginHandler(Uri origin) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = origin.Scheme, Host = origin.Host, Port = origin.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
