using System.Globalization;
using System.Net;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>
/// Inbound SMS webhooks as Twilio posts them: the 20 form fields of a real inbound message, a unique <c>MessageSid</c>
/// each, signed with <c>X-Twilio-Signature</c> over <c>{signedBaseUrl}/webhooks/twilio/sms</c>. Customers
/// <c>+1415300xxxx</c> each text one of a few agent numbers, so message <c>n</c> belongs to pair <c>n % customers</c>.
/// </summary>
public sealed class InboundTraffic(
    string targetBaseUrl, string signedBaseUrl, string accountSid, string authToken,
    IReadOnlyList<string> agentNumbers, int customers, int firstCustomer = 0, Func<long, string>? body = null)
{
    public const string Path = "/webhooks/twilio/sms";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly Uri _target = new(targetBaseUrl + Path);
    private readonly string _signedUrl = signedBaseUrl + Path;
    private readonly Func<long, string> _body = body ?? (n => $"Hi! Could we move my appointment to Thursday afternoon? Thanks (ref {n})");
    private long _sequence;

    /// <summary>The customer number of pair <paramref name="index"/> (valid E.164, exchange 300–399 of area 415).</summary>
    public static string Customer(int index) => "+1415" + (3_000_000 + index).ToString("D7", CultureInfo.InvariantCulture);

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public long Sent => Interlocked.Read(ref _sequence);

    public string CustomerOf(long sequence) => Customer(firstCustomer + (int)(sequence % customers));

    public HttpRequestMessage Create(long sequence)
    {
        var pair = (int)(sequence % customers);
        var sid = "SM" + _run + sequence.ToString("x24", CultureInfo.InvariantCulture);
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ToCountry"] = "US",
            ["ToState"] = "NY",
            ["SmsMessageSid"] = sid,
            ["NumMedia"] = "0",
            ["ToCity"] = "NEW YORK",
            ["FromZip"] = "94105",
            ["SmsSid"] = sid,
            ["FromState"] = "CA",
            ["SmsStatus"] = "received",
            ["FromCity"] = "SAN FRANCISCO",
            ["Body"] = _body(sequence),
            ["FromCountry"] = "US",
            ["To"] = agentNumbers[pair % agentNumbers.Count],
            ["MessagingServiceSid"] = "MG00000000000000000000000000000000",
            ["ToZip"] = "10001",
            ["NumSegments"] = "1",
            ["MessageSid"] = sid,
            ["AccountSid"] = accountSid,
            ["From"] = Customer(firstCustomer + pair),
            ["ApiVersion"] = "2010-04-01",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, _target) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(authToken, _signedUrl, form));
        return request;
    }

    /// <summary>Sends message <paramref name="sequence"/>; null when answered 200 with TwiML, else why not.</summary>
    public async Task<string?> SendAsync(HttpClient http, long sequence)
    {
        using var request = Create(sequence);
        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK && answer.Contains("<Response", StringComparison.Ordinal)
            ? null
            : $"{(int)response.StatusCode}: {answer[..Math.Min(answer.Length, 300)]}";
    }

    public Task<string?> SendNextAsync(HttpClient http) => SendAsync(http, NextSequence());
}
