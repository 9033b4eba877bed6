using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Orleans.Sms.Samples.Tests;

/// <summary>The sample as it runs, on TestServer, with a known secret.</summary>
public sealed class ReminderAgentFactory : WebApplicationFactory<Program>
{
    public const string Secret = "test-secret-reminders";

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("ReminderAgent:Secret", Secret);

    /// <summary>POSTs <paramref name="body"/> to /agent with the given <c>X-Sms-Signature</c> (none when null).</summary>
    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/agent") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.Add("X-Sms-Signature", signature);
        }
        return await CreateClient().SendAsync(request);
    }

    /// <summary>POSTs <paramref name="body"/> signed as the engine signs it, and returns the status and the answer text.</summary>
    public async Task<(int Status, string Body)> TurnAsync(byte[] body)
    {
        using var response = await PostAsync(body, Sign(Secret, body));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The engine's signature: <c>sha256=</c> + lower-case hex HMAC-SHA256 of the raw body, keyed with the UTF-8 secret.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
