using System.Security.Cryptography;
using System.Text;

namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>Twilio's webhook signature (<c>X-Twilio-Signature</c>), to send webhooks as Twilio would in tests.</summary>
public static class TwilioSignature
{
    /// <summary>The header Twilio signs webhooks with.</summary>
    public const string Header = "X-Twilio-Signature";

    /// <summary>
    /// base64(HMAC-SHA1(authToken, url + every form key, sorted ordinally, each followed by its value)).
    /// <paramref name="url"/> is the full URL Twilio was given, query string included.
    /// </summary>
    public static string Compute(string authToken, string url, IDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(form);
        var data = new StringBuilder(url);
        foreach (var key in form.Keys.Order(StringComparer.Ordinal))
        {
            data.Append(key).Append(form[key]);
        }
        // SHA-1 because Twilio signs with it; this is not our choice of algorithm.
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    /// <summary>A form post to <paramref name="url"/> signed as Twilio signs it.</summary>
    public static HttpRequestMessage SignedPost(string authToken, string url, IDictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(Header, Compute(authToken, url, form));
        return request;
    }
}
