using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>
/// docs/api.md: Errors, Boundaries for what the pipeline answers itself: every 4xx is problem+json with a code, also for routes that do
/// not exist, a method a route does not take, and a request target or headers over the app's limits; the OpenAPI document
/// never echoes the request's Host header.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class InputErrorContractTests(SmsHostFactory factory)
{
    [Theory]
    [InlineData("/v1/no-such-route")]
    [InlineData("/nothing/here")]
    public async Task UnknownRoute_Is404ProblemJsonWhateverTheAcceptHeader(string path)
    {
        var client = factory.CreateApiClient();
        client.DefaultRequestHeaders.Add("Accept", "text/html");

        await ErrorTests.AssertProblemAsync(await client.GetAsync(path), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Is405ProblemJson()
    {
        var client = factory.CreateApiClient();

        await ErrorTests.AssertProblemAsync(await client.DeleteAsync("/v1/simulator/inbound"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task RequestTarget_OverTheLimit_Is414ProblemJson()
    {
        var client = factory.CreateApiClient();

        var response = await client.GetAsync("/v1/conversations?cursor=" + new string('c', 9_000));

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.RequestUriTooLong, "uri_too_long");
    }

    [Fact]
    public async Task Headers_OverTheLimit_Are431ProblemJson()
    {
        var client = factory.CreateApiClient();
        client.DefaultRequestHeaders.Add("X-Padding", new string('h', 33_000));

        var response = await client.GetAsync("/v1/conversations");

        await ErrorTests.AssertProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "request_headers_too_large");
    }

    [Fact]
    public async Task OpenApi_WithoutPublicBaseUrl_HasNoServersAndNeverTheHostHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "evil.example:666";

        var document = await Http.ReadAsync(await factory.CreateClient().SendAsync(request));

        Assert.False(document.TryGetProperty("servers", out var servers) && servers.GetArrayLength() > 0, document.GetRawText()[..200]);
        Assert.DoesNotContain("evil.example", document.GetRawText());
    }

    [Fact]
    public async Task OpenApi_EnumsAreTheirNames_AndJsonRoutesDeclare413()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var raw = document.GetRawText();
        Assert.Contains("\"in_progress\"", raw);
        Assert.Contains("\"toll_free\"", raw);
        var responses = document.GetProperty("paths").GetProperty("/v1/simulator/inbound").GetProperty("post").GetProperty("responses");
        Assert.Equal(["payload_too_large"], InputWebhookLimitTests.Codes(responses, "413"));
        Assert.Equal(["uri_too_long"], InputWebhookLimitTests.Codes(responses, "414"));
        Assert.Equal(["request_headers_too_large"], InputWebhookLimitTests.Codes(responses, "431"));
    }
}
