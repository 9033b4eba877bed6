using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Host.Tests;

/// <summary>Every 4xx is problem+json with a stable code (docs/api.md: Errors, Tenants and environments).</summary>
[Collection(HostCollection.Name)]
public sealed class ErrorTests(SmsHostFactory factory)
{
    [Theory]
    [InlineData(null)]
    [InlineData("sk_dev_not_a_real_key")]
    public async Task MissingOrUnknownKey_Is401Unauthorized(string? key)
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var response = await client.GetAsync("/v1/simulator/outbox");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("""{"from":"not a number","to":"+15555550100","body":"x"}""", "invalid_phone_number")]
    [InlineData("""{"from":"+15551230009","to":"12","body":"x"}""", "invalid_phone_number")]
    [InlineData("""{"from":"+15551230009","to":"+15555550100"}""", "invalid_message")]
    [InlineData("""{"from":"+15551230009","to":"+15555550100","body":"{{TOO_LONG}}"}""", "invalid_message")]
    [InlineData("""{"from":""", "invalid_request")]
    public async Task BadSimulatedInbound_Is400WithCode(string json, string code)
    {
        var api = factory.CreateApiClient();
        var content = new StringContent(json.Replace("{{TOO_LONG}}", new string('a', 1601)), Encoding.UTF8, "application/json");

        var response = await api.PostAsync("/v1/simulator/inbound", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task UnknownConversation_Is404NotFound()
    {
        var api = factory.CreateApiClient();

        await AssertProblemAsync(await api.GetAsync("/v1/conversations/conv_00000000000000000000000000000000"), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await api.GetAsync("/v1/conversations/whatever"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnotherTenantsConversation_Is404NeverData()
    {
        var api = factory.CreateApiClient();
        var ack = await (await api.PostAsJsonAsync("/v1/simulator/inbound",
            new { from = "+15551230010", to = DevTenant.Number, body = "secret" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = ack.GetProperty("conversation_id").GetString();
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ITenantGrain>("ten_intruder").CreateAsync("Intruder");
        var intruder = factory.CreateApiClient((await grains.GetGrain<ITenantGrain>("ten_intruder").IssueApiKeyAsync("dev")).ApiKey);

        await AssertProblemAsync(await intruder.GetAsync($"/v1/conversations/{id}"), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await intruder.PatchAsJsonAsync($"/v1/conversations/{id}", new { status = "dnc" }), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(
            await intruder.PostAsJsonAsync("/v1/simulator/inbound", new { from = "+15551230011", to = DevTenant.Number, body = "hi" }),
            HttpStatusCode.NotFound, "not_found");
        Assert.Equal("in_progress", (await api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownStatusValue_Is400AndChangesNothing()
    {
        var api = factory.CreateApiClient();
        var ack = await (await api.PostAsJsonAsync("/v1/simulator/inbound",
            new { from = "+15551230012", to = DevTenant.Number, body = "hi" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = ack.GetProperty("conversation_id").GetString();

        var response = await api.PatchAsJsonAsync($"/v1/conversations/{id}", new { status = "bogus" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("in_progress", (await api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/v1/conversations/conv_91cbf8ddb0c5c592eeecf5e6f0ee34ae?limit=many")]
    [InlineData("/v1/conversations?limit=many")]
    [InlineData("/v1/conversations?limit=201")]
    [InlineData("/v1/conversations/conv_91cbf8ddb0c5c592eeecf5e6f0ee34ae?limit=0")]
    public async Task Limit_NotAWholeNumberInRange_Is400InvalidLimit(string path)
    {
        var api = factory.CreateApiClient();

        var problem = await AssertProblemAsync(await api.GetAsync(path), HttpStatusCode.BadRequest, "invalid_limit");

        Assert.Contains("whole number", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BodyThatIsNotJson_Is415UnsupportedMediaType()
    {
        // Routing answers it before any route is chosen, so only the OpenAPI test sees it declared on JSON routes.
        var api = factory.CreateApiClient();

        var response = await api.PostAsync("/v1/simulator/inbound", new StringContent("from=+15551230001", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task HealthAndOpenApi_Answer()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/v1/simulator/inbound", openApi);
        Assert.Contains("/v1/conversations/{conversationId}", openApi);
    }

    [Fact]
    public async Task OpenApi_ListsTheProblemCodesOfEachRoute()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        static string[] Codes(JsonElement operation, string status) =>
            operation.GetProperty("responses").GetProperty(status).GetProperty("x-problem-codes").EnumerateArray()
                .Select(c => c.GetString()!).ToArray();

        var assign = paths.GetProperty("/v1/use-cases/{useCaseId}/numbers").GetProperty("post");
        Assert.Equal(["a2p_campaign_required", "not_sms_capable", "not_voice_capable", "toll_free_verification_required"],
            Codes(assign, "422"));
        Assert.Equal(["number_already_assigned"], Codes(assign, "409"));
        Assert.Equal(["invalid_phone_number", "invalid_request"], Codes(assign, "400"));
        var schema = assign.GetProperty("responses").GetProperty("422").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
        Assert.Contains("toll_free_verification_required", schema.GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["agent_error"], Codes(paths.GetProperty("/v1/outbound-sms").GetProperty("post"), "502"));
        Assert.Equal(["unsupported_media_type"], Codes(paths.GetProperty("/v1/outbound-sms").GetProperty("post"), "415"));
        // Every API route answers unauthorized without a key, and tenant routes rate_limited over the limit.
        foreach (var path in paths.EnumerateObject().Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.Equal(["unauthorized"], Codes(operation.Value, "401"));
                if (!path.Name.StartsWith("/v1/admin/", StringComparison.Ordinal))
                {
                    Assert.Equal(["rate_limited"], Codes(operation.Value, "429"));
                }
            }
        }
    }

    [Fact]
    public async Task OpenApi_SaysWhereEachRoutesKeyGoes()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), Scheme(schemes.GetProperty("ApiKey")));
        Assert.Equal(("apiKey", "header", "X-Admin-Key"), Scheme(schemes.GetProperty("AdminKey")));

        static string[] Required(JsonElement operation) => operation.TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().SelectMany(r => r.EnumerateObject()).Select(s => s.Name)]
            : [];
        static (string?, string?, string?) Scheme(JsonElement scheme) =>
            (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString());

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                string[] expected = path.Name.StartsWith("/v1/admin/", StringComparison.Ordinal) ? ["AdminKey"]
                    : path.Name.StartsWith("/v1/", StringComparison.Ordinal) ? ["ApiKey"]
                    : []; // health, webhooks (signed), the document itself
                Assert.True(expected.SequenceEqual(Required(operation.Value)), $"{operation.Name} {path.Name}: {string.Join(",", Required(operation.Value))}");
            }
        }
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}
