using Orleans.Sms.Testing;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests.Campaigns;

/// <summary>Twilio's status callback for a message the fake Twilio took, signed as Twilio signs it and posted to the host.</summary>
internal static class StatusCallback
{
    /// <summary>Posts <paramref name="status"/> (with Twilio's <paramref name="errorCode"/>) for <paramref name="message"/> and expects a 204.</summary>
    public static async Task PostAsync(TwilioHostFactory factory, FakeTwilioMessage message, string status, string? errorCode = null)
    {
        var callback = new Uri(message.StatusCallback!).PathAndQuery;
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = message.Sid, ["MessageStatus"] = status,
            ["AccountSid"] = factory.Twilio.AccountSid, ["From"] = message.From ?? "", ["To"] = message.To,
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(factory.Twilio.AuthToken, TwilioHostFactory.PublicBaseUrl + callback, form));
        using var response = await factory.CreateClient().SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }
}
