using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>
/// docs/api.md: Twilio webhooks: <c>/webhooks/twilio/*</c> exist whatever <c>Sms:Provider</c> is. On the simulator host there is no Twilio
/// auth token, so nothing can be signed for it: every request is 403 and nothing is stored, also one "signed" with the
/// empty key (which anyone could compute).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SimulatorWebhookTests(SmsHostFactory factory)
{
    [Theory]
    [InlineData("/webhooks/twilio/sms", true)]
    [InlineData("/webhooks/twilio/sms", false)]
    [InlineData("/webhooks/twilio/status", true)]
    public async Task TwilioWebhook_OnTheSimulator_Is403AndStoresNothing(string path, bool signedWithEmptyKey)
    {
        var client = factory.CreateClient();
        var customer = TestTenant.NewNumber("917");
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = "AC1", ["From"] = customer, ["To"] = "+15555550100",
            ["Body"] = "forged", ["MessageStatus"] = "delivered",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (signedWithEmptyKey)
        {
            request.Headers.Add("X-Twilio-Signature", Sign("", "http://localhost" + path, form));
        }

        var response = await client.SendAsync(request);

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "invalid_signature");
        var api = factory.CreateApiClient();
        var conversations = await api.GetFromJsonAsync<JsonElement>($"/v1/conversations?customer_number={Uri.EscapeDataString(customer)}");
        Assert.Empty(conversations.GetProperty("conversations").EnumerateArray());
    }

    /// <summary>Twilio's scheme: HMAC-SHA1 over the URL and the form's keys and values in key order, base64.</summary>
    private static string Sign(string authToken, string url, IReadOnlyDictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
