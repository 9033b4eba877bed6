using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>Inbound SMS webhooks posted to a host as Twilio posts them: a form signed over the public URL.</summary>
public sealed class TwilioWebhooks(HttpClient http, FakeTwilioServer twilio, string agentNumber)
{
    public const string PublicBaseUrl = "https://sms.example.com";
    public const string InboundPath = "/webhooks/twilio/sms";

    /// <summary>The settings that put an engine on the fake Twilio, with quick provider retries.</summary>
    public static EngineConfig Configure(EngineConfig engine, FakeTwilioServer twilio) => engine
        .With("Sms:Provider", "Twilio")
        .With("Sms:PublicBaseUrl", PublicBaseUrl)
        .With("Sms:Twilio:AccountSid", twilio.AccountSid)
        .With("Sms:Twilio:AuthToken", twilio.AuthToken)
        .With("Sms:Twilio:BaseUrl", twilio.BaseUrl)
        .With("Sms:Twilio:RetryDelay", "00:00:00.010")
        .With("Sms:Twilio:MaxRetryDelay", "00:00:00.050")
        .With("Sms:Twilio:RequestTimeout", "00:00:02");

    /// <summary>The form Twilio posts for an inbound SMS from <paramref name="customer"/>.</summary>
    public Dictionary<string, string> InboundForm(string customer, string body, string messageSid) => new()
    {
        ["MessageSid"] = messageSid,
        ["AccountSid"] = twilio.AccountSid,
        ["From"] = customer,
        ["To"] = agentNumber,
        ["Body"] = body,
        ["NumSegments"] = "1",
        ["NumMedia"] = "0",
    };

    /// <summary>Posts the form, signed; the same form again is what a Twilio retry is.</summary>
    public async Task<HttpResponseMessage> PostAsync(IDictionary<string, string> form)
    {
        using var request = TwilioSignature.SignedPost(twilio.AuthToken, PublicBaseUrl + InboundPath, form);
        // Signed for the public URL; sent to the host itself (as behind a proxy).
        request.RequestUri = new Uri(InboundPath, UriKind.Relative);
        return await http.SendAsync(request);
    }
}
