using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Host.Tests;

/// <summary>docs/api.md: Tenants and environments, Sending, Conversations over HTTP on an operator-run host (admin key set, simulator provider).</summary>
public abstract class RestApiTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : RestApiTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : RestApiTests(factory);

    [Fact]
    public async Task AdminRoutes_NeedTheAdminKeyAndKeysAreRevocable()
    {
        var anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Admin-Key", "wrong");
        await ErrorTests.AssertProblemAsync(await anonymous.PostAsJsonAsync("/v1/admin/tenants", new { name = "x" }), HttpStatusCode.Unauthorized, "unauthorized");
        var admin = factory.CreateAdminClient();
        var tenantId = (await Http.ReadAsync(await admin.PostAsJsonAsync("/v1/admin/tenants", new { name = "Dental" }))).GetProperty("tenant_id").GetString();
        await ErrorTests.AssertProblemAsync(await admin.PostAsJsonAsync($"/v1/admin/tenants/{tenantId}/api-keys", new { environment = "prod" }), HttpStatusCode.BadRequest, "invalid_request");
        await ErrorTests.AssertProblemAsync(await admin.PostAsJsonAsync("/v1/admin/tenants/ten_nobody/api-keys", new { environment = "live" }), HttpStatusCode.NotFound, "not_found");

        var created = await admin.PostAsJsonAsync($"/v1/admin/tenants/{tenantId}/api-keys", new { environment = "sandbox" });
        var key = await Http.ReadAsync(created);
        var api = factory.CreateApiClient(key.GetProperty("api_key").GetString());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("sandbox", key.GetProperty("environment").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/v1/use-cases")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/admin/tenants/{tenantId}/api-keys/{key.GetProperty("key_id").GetString()}")).StatusCode);
        await ErrorTests.AssertProblemAsync(await api.GetAsync("/v1/use-cases"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task OutboundSms_SendsAndStartsASession()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var to = TestTenant.NewNumber("773");

        var response = await tenant.Api.PostAsJsonAsync("/v1/outbound-sms",
            new { to = $"({to[2..5]}) {to[5..8]}-{to[8..]}", message = "Hi! Your quote is ready — reply YES to book.", context = new { name = "Ana" } });

        var sent = await Http.ReadAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal((tenant.Number, to, "sent", "UCS-2", 1), (Str(sent, "from"), Str(sent, "to"), Str(sent, "status"),
            Str(sent, "encoding"), sent.GetProperty("segments").GetInt32()));
        foreach (var property in new[] { "conversation_id", "session_id", "message_id" })
        {
            Assert.False(string.IsNullOrEmpty(Str(sent, property)));
        }
        var conversation = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{Str(sent, "conversation_id")}");
        Assert.Equal(Str(sent, "session_id"), Str(conversation.GetProperty("session"), "session_id"));
        Assert.Equal("api", Str(conversation.GetProperty("messages")[0], "source"));
    }

    [Fact]
    public async Task OutboundSms_RefusalsHaveTheContractCodes()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var to = TestTenant.NewNumber("773");
        async Task Refused(object body, HttpStatusCode status, string code) =>
            await ErrorTests.AssertProblemAsync(await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", body), status, code);

        await Refused(new { to = "not a number", message = "x" }, HttpStatusCode.BadRequest, "invalid_phone_number");
        await Refused(new { to, message = "" }, HttpStatusCode.BadRequest, "invalid_message");
        await Refused(new { to, message = new string('a', 1601) }, HttpStatusCode.BadRequest, "invalid_message");
        await Refused(new { to, message = "x", use_case_id = "uc_nope" }, HttpStatusCode.NotFound, "not_found");
        await Refused(new { to, message = "x", agent_number = "+15550001111" }, HttpStatusCode.BadRequest, "invalid_agent_number");
        await Refused(new { to, message = "x", context = "not an object" }, HttpStatusCode.BadRequest, "invalid_request");
        await Refused(new { to, message = 42 }, HttpStatusCode.BadRequest, "invalid_request");
        var empty = (await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/use-cases", new { name = "Empty", channel = "sms" })))
            .GetProperty("use_case_id").GetString();
        await Refused(new { to, message = "x" }, HttpStatusCode.BadRequest, "use_case_required");
        await Refused(new { to, message = "x", use_case_id = empty }, HttpStatusCode.Conflict, "no_sender_available");
        await Refused(new { to, use_case_id = tenant.UseCaseId }, HttpStatusCode.BadGateway, "agent_error"); // echo writes no opening
        var humans = (await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/use-cases", new { name = "Humans", channel = "sms" })))
            .GetProperty("use_case_id").GetString();
        var number = TestTenant.NewNumber("312");
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "mobile", capabilities = new[] { "sms" } }));
        await Http.ReadAsync(await tenant.Api.PostAsJsonAsync($"/v1/use-cases/{humans}/numbers", new { phone_number = number }));
        await Refused(new { to, use_case_id = humans }, HttpStatusCode.UnprocessableEntity, "agent_required");
    }

    [Fact]
    public async Task IdempotencyKey_SameRequestSameResponseOneSend_DifferentBodyRefused()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var to = TestTenant.NewNumber("773");
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Request(string message) => new(HttpMethod.Post, "/v1/outbound-sms")
        {
            Content = JsonContent.Create(new { to, message }),
            Headers = { { "Idempotency-Key", key } },
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => tenant.Api.SendAsync(Request("Only once"))));
        var reused = await tenant.Api.SendAsync(Request("Something else"));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(bodies.Distinct());
        await ErrorTests.AssertProblemAsync(reused, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        var outbox = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/simulator/outbox?to={Uri.EscapeDataString(to)}");
        Assert.Equal(1, outbox.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task ListConversations_FiltersAndPagesStablyUnderInserts()
    {
        var tenant = await ApiTenant.CreateAsync(factory);
        var customers = Enumerable.Range(0, 7).Select(_ => TestTenant.NewNumber("773")).ToList();
        foreach (var customer in customers)
        {
            await Http.ReadAsync(await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, message = "Hello" }));
        }
        var qualified = (await Http.ReadAsync(await tenant.Api.GetAsync($"/v1/conversations?customer_number={Uri.EscapeDataString(customers[3])}")))
            .GetProperty("conversations")[0];
        await tenant.Api.PatchAsJsonAsync($"/v1/conversations/{Str(qualified, "conversation_id")}", new { status = "qualified" });

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await tenant.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("conversations").EnumerateArray().Select(c => Str(c, "conversation_id")!));
            cursor = page.GetProperty("next_cursor").GetString();
            if (pages++ == 0)
            {
                await tenant.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = TestTenant.NewNumber("773"), message = "Inserted mid-listing" });
            }
        }
        while (cursor is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count); // nothing twice
        Assert.Superset(customers.Select(c => Conversations.ConversationId.For(tenant.Number, c)).ToHashSet(), seen.ToHashSet());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        var filtered = await tenant.Api.GetFromJsonAsync<JsonElement>("/v1/conversations?status=qualified");
        Assert.Equal([Str(qualified, "conversation_id")], filtered.GetProperty("conversations").EnumerateArray().Select(c => Str(c, "conversation_id")));
        await ErrorTests.AssertProblemAsync(await tenant.Api.GetAsync("/v1/conversations?status=sleepy"), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task AnotherTenantsIds_Answer404OnEveryRoute()
    {
        var owner = await ApiTenant.CreateAsync(factory);
        var intruder = await ApiTenant.CreateAsync(factory);
        var customer = TestTenant.NewNumber("773");
        var sent = await Http.ReadAsync(await owner.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, message = "Private" }));
        var conversation = Str(sent, "conversation_id");
        var number = Uri.EscapeDataString(owner.Number);

        var attempts = new (string Route, Func<HttpClient, Task<HttpResponseMessage>> Call)[]
        {
            ("GET conversation", c => c.GetAsync($"/v1/conversations/{conversation}")),
            ("GET sessions", c => c.GetAsync($"/v1/conversations/{conversation}/sessions")),
            ("PATCH conversation", c => c.PatchAsJsonAsync($"/v1/conversations/{conversation}", new { status = "dnc" })),
            ("POST message", c => c.PostAsJsonAsync($"/v1/conversations/{conversation}/messages", new { message = "hi" })),
            ("GET use case", c => c.GetAsync($"/v1/use-cases/{owner.UseCaseId}")),
            ("DELETE use case", c => c.DeleteAsync($"/v1/use-cases/{owner.UseCaseId}")),
            ("assign number", c => c.PostAsJsonAsync($"/v1/use-cases/{owner.UseCaseId}/numbers", new { phone_number = owner.Number })),
            ("unassign number", c => c.DeleteAsync($"/v1/use-cases/{owner.UseCaseId}/numbers/{number}")),
            ("GET number", c => c.GetAsync($"/v1/phone-numbers/{number}")),
            ("PUT compliance", c => c.PutAsJsonAsync($"/v1/phone-numbers/{number}/compliance", new { a2p_campaign_status = "rejected" })),
            ("outbound with their use case", c => c.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, message = "x", use_case_id = owner.UseCaseId })),
        };
        foreach (var (route, call) in attempts)
        {
            var response = await call(intruder.Api);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route}: {(int)response.StatusCode}");
            await ErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        }
        Assert.Equal(1, (await owner.Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversation}")).GetProperty("messages").GetArrayLength());
        Assert.Empty((await intruder.Api.GetFromJsonAsync<JsonElement>("/v1/conversations")).GetProperty("conversations").EnumerateArray());
    }

    private static string? Str(JsonElement element, string property) => element.GetProperty(property).GetString();
}
