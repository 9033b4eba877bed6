using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Host.Tests.Security;

/// <summary>
/// Environments are walls (docs/api.md: Tenants and environments, Boundaries): a tenant's sandbox key acts on nothing of its live environment. Each test
/// replays a finding of the probe as requests: another environment's conversation, use case and number answer 404
/// <c>not_found</c> exactly as another tenant's do, registering a number held in another environment is 409
/// <c>number_taken</c>, inbound traffic is filed under the environment of the number's use case and usage counts the
/// key's environment only. On both storage modes.
/// </summary>
public abstract class EnvironmentWallTests(AdminHostFactory factory)
{
    [Collection(AdminHostCollection.Name)]
    public sealed class OnMemory(AdminHostFactory factory) : EnvironmentWallTests(factory);

    [Collection(AzureStorageAdminHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageAdminHostFactory factory) : EnvironmentWallTests(factory);

    [Fact]
    public async Task SandboxKey_CannotReadOrChangeALiveConversation()
    {
        var tenant = await WalledTenant.CreateAsync(factory);
        var customer = TestTenant.NewNumber("646");
        var conversationId = await tenant.TextAsync(tenant.Live, customer, "my live secret");
        var path = $"/v1/conversations/{conversationId}";

        await AssertNotFoundAsync(await tenant.Sandbox.GetAsync(path));
        await AssertNotFoundAsync(await tenant.Sandbox.GetAsync($"{path}/sessions"));
        await AssertNotFoundAsync(await tenant.Sandbox.PatchAsJsonAsync(path, new { status = "dnc", agent_mode = false }));
        await AssertNotFoundAsync(await tenant.Sandbox.PostAsJsonAsync($"{path}/messages", new { message = "sent through the wall" }));

        var live = await Http.ReadAsync(await tenant.Live.GetAsync(path));
        Assert.Equal(("in_progress", true), (live.GetProperty("status").GetString(), live.GetProperty("agent_mode").GetBoolean()));
        Assert.DoesNotContain(live.GetProperty("messages").EnumerateArray(), m => m.GetProperty("source").GetString() == "manual");
        var outbox = await Http.ReadAsync(await tenant.Live.GetAsync($"/v1/simulator/outbox?to={Uri.EscapeDataString(customer)}"));
        Assert.DoesNotContain(outbox.GetProperty("messages").EnumerateArray(), m => m.GetProperty("body").GetString() == "sent through the wall");
        // The listing was already walled: the sandbox key does not see the live conversation there either.
        Assert.Empty((await Http.ReadAsync(await tenant.Sandbox.GetAsync("/v1/conversations"))).GetProperty("conversations").EnumerateArray());
        Assert.Single((await Http.ReadAsync(await tenant.Live.GetAsync("/v1/conversations"))).GetProperty("conversations").EnumerateArray());
    }

    [Fact]
    public async Task SandboxKey_CannotReadOrChangeALiveUseCase()
    {
        var tenant = await WalledTenant.CreateAsync(factory);
        var path = $"/v1/use-cases/{tenant.LiveUseCaseId}";
        var sandboxNumber = TestTenant.NewNumber("646");
        await Http.ReadAsync(await tenant.Sandbox.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = sandboxNumber, type = "mobile", capabilities = new[] { "sms" } }));

        await AssertNotFoundAsync(await tenant.Sandbox.GetAsync(path));
        await AssertNotFoundAsync(await tenant.Sandbox.PostAsJsonAsync($"{path}/numbers", new { phone_number = sandboxNumber }));
        await AssertNotFoundAsync(await tenant.Sandbox.DeleteAsync($"{path}/numbers/{Uri.EscapeDataString(tenant.LiveNumber)}"));
        await AssertNotFoundAsync(await tenant.Sandbox.DeleteAsync(path));
        // ...and the other way round: the live key cannot put the sandbox number into its live use case.
        await AssertNotFoundAsync(await tenant.Live.PostAsJsonAsync($"{path}/numbers", new { phone_number = sandboxNumber }));

        Assert.Empty((await Http.ReadAsync(await tenant.Sandbox.GetAsync("/v1/use-cases"))).GetProperty("use_cases").EnumerateArray());
        var live = await Http.ReadAsync(await tenant.Live.GetAsync(path));
        Assert.Equal([tenant.LiveNumber], live.GetProperty("numbers").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task SandboxKey_CannotReadChangeOrTakeALiveNumber()
    {
        var tenant = await WalledTenant.CreateAsync(factory);
        var path = $"/v1/phone-numbers/{Uri.EscapeDataString(tenant.LiveNumber)}";

        await AssertNotFoundAsync(await tenant.Sandbox.GetAsync(path));
        await AssertNotFoundAsync(await tenant.Sandbox.PutAsJsonAsync($"{path}/compliance",
            new { a2p_campaign_id = "CMEVIL", a2p_campaign_status = "rejected" }));
        await ErrorTests.AssertProblemAsync(await tenant.Sandbox.PostAsJsonAsync("/v1/phone-numbers",
            new { phone_number = tenant.LiveNumber, type = "mobile", capabilities = new[] { "sms" } }), HttpStatusCode.Conflict, "number_taken");
        await AssertNotFoundAsync(await tenant.Sandbox.PostAsJsonAsync("/v1/simulator/inbound",
            new { from = TestTenant.NewNumber("646"), to = tenant.LiveNumber, body = "injected" }));

        var live = await Http.ReadAsync(await tenant.Live.GetAsync(path));
        Assert.Equal(("live", tenant.LiveUseCaseId), (live.GetProperty("environment").GetString(), live.GetProperty("sms_use_case_id").GetString()));
        Assert.Equal(JsonValueKind.Null, live.GetProperty("compliance").GetProperty("a2p_campaign_id").ValueKind);
        // Registering it again in its own environment is still the same number, unchanged in place.
        Assert.Equal(HttpStatusCode.OK, (await tenant.Live.PostAsJsonAsync("/v1/phone-numbers",
            new { phone_number = tenant.LiveNumber, type = "mobile", capabilities = new[] { "sms" } })).StatusCode);
    }

    [Fact]
    public async Task Inbound_IsFiledUnderTheEnvironmentOfTheNumbersUseCase()
    {
        var tenant = await WalledTenant.CreateAsync(factory);
        var customer = TestTenant.NewNumber("646");
        // The probe's sequel: the sandbox key tried to re-register the live number (refused above), then traffic arrives.
        await ErrorTests.AssertProblemAsync(await tenant.Sandbox.PostAsJsonAsync("/v1/phone-numbers",
            new { phone_number = tenant.LiveNumber, type = "mobile", capabilities = new[] { "sms" } }), HttpStatusCode.Conflict, "number_taken");

        var conversationId = await tenant.TextAsync(tenant.Live, customer, "hello live");

        var listed = Assert.Single((await Http.ReadAsync(await tenant.Live.GetAsync("/v1/conversations"))).GetProperty("conversations").EnumerateArray());
        Assert.Equal((conversationId, tenant.LiveUseCaseId), (listed.GetProperty("conversation_id").GetString(), listed.GetProperty("use_case_id").GetString()));
        Assert.Empty((await Http.ReadAsync(await tenant.Sandbox.GetAsync("/v1/conversations"))).GetProperty("conversations").EnumerateArray());
        await AssertNotFoundAsync(await tenant.Sandbox.GetAsync($"/v1/conversations/{conversationId}"));
    }

    [Fact]
    public async Task Usage_CountsTheKeysEnvironmentOnly()
    {
        var tenant = await WalledTenant.CreateAsync(factory);
        var sandboxNumber = await tenant.AddSandboxNumberAsync();
        var days = new UsageDays();

        await tenant.TextAsync(tenant.Live, TestTenant.NewNumber("646"), "one");
        await tenant.TextAsync(tenant.Live, TestTenant.NewNumber("646"), "two");
        await tenant.TextAsync(tenant.Sandbox, TestTenant.NewNumber("646"), "three", sandboxNumber);

        async Task<long[]> TotalsAsync(HttpClient api)
        {
            var totals = (await Http.ReadAsync(await api.GetAsync($"/v1/usage?{days.Query}"))).GetProperty("totals");
            return new[] { "inbound_messages", "outbound_messages" }.Select(p => totals.GetProperty(p).GetInt64()).ToArray();
        }
        // Each echo reply is counted once it is sent; then both environments stand still at their own counts.
        await Eventually.TrueAsync(async () => (await TotalsAsync(tenant.Live))[1] >= 2 && (await TotalsAsync(tenant.Sandbox))[1] >= 1,
            "the echo replies to be counted", TimeSpan.FromSeconds(30));
        var (live, sandbox) = (await TotalsAsync(tenant.Live), await TotalsAsync(tenant.Sandbox));
        Assert.Equal(new long[] { 2, 2 }, live);
        Assert.Equal(new long[] { 1, 1 }, sandbox);
    }

    [Fact]
    public async Task IdempotencyKey_IsPerEnvironment_SameKeyInLiveAndSandboxSendsInEach()
    {
        var tenant = await WalledTenant.CreateAsync(factory);
        await tenant.AddSandboxNumberAsync();
        var key = Guid.NewGuid().ToString();
        var customer = TestTenant.NewNumber("646");
        HttpRequestMessage Request(string message) => new(HttpMethod.Post, "/v1/outbound-sms")
        {
            Content = JsonContent.Create(new { to = customer, message }),
            Headers = { { "Idempotency-Key", key } },
        };

        var live = await tenant.Live.SendAsync(Request("From live"));
        // Another body under the same key: the sandbox neither replays live's send nor learns that live used the key.
        var sandbox = await tenant.Sandbox.SendAsync(Request("From sandbox"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (live.StatusCode, sandbox.StatusCode));
        var (liveSent, sandboxSent) = (await Http.ReadAsync(live), await Http.ReadAsync(sandbox));
        Assert.NotEqual(liveSent.GetProperty("message_id").GetString(), sandboxSent.GetProperty("message_id").GetString());
        Assert.NotEqual(liveSent.GetProperty("conversation_id").GetString(), sandboxSent.GetProperty("conversation_id").GetString());
        foreach (var (api, sent, body) in new[] { (tenant.Live, liveSent, "From live"), (tenant.Sandbox, sandboxSent, "From sandbox") })
        {
            var conversation = await Http.ReadAsync(await api.GetAsync($"/v1/conversations/{sent.GetProperty("conversation_id").GetString()}"));
            var message = Assert.Single(conversation.GetProperty("messages").EnumerateArray());
            Assert.Equal((sent.GetProperty("message_id").GetString(), body),
                (message.GetProperty("message_id").GetString(), message.GetProperty("body").GetString()));
        }
        // Within each environment the key still holds: the same request replays, another body is refused.
        Assert.Equal(sandboxSent.GetRawText(), (await Http.ReadAsync(await tenant.Sandbox.SendAsync(Request("From sandbox")))).GetRawText());
        await ErrorTests.AssertProblemAsync(await tenant.Live.SendAsync(Request("From sandbox")), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Fact]
    public async Task SimulatorOutbox_ShowsTheKeysEnvironmentOnly()
    {
        var tenant = await WalledTenant.CreateAsync(factory);
        var sandboxNumber = await tenant.AddSandboxNumberAsync();
        var customer = TestTenant.NewNumber("646");
        await Http.ReadAsync(await tenant.Live.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, message = "live secret" }));
        await Http.ReadAsync(await tenant.Sandbox.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, message = "sandbox test" }));

        async Task<string[]> OutboxAsync(HttpClient api, string query) =>
            (await Http.ReadAsync(await api.GetAsync($"/v1/simulator/outbox{query}"))).GetProperty("messages").EnumerateArray()
                .Select(m => $"{m.GetProperty("from").GetString()}:{m.GetProperty("body").GetString()}").ToArray();
        foreach (var query in new[] { $"?to={Uri.EscapeDataString(customer)}", "" })
        {
            Assert.Equal([$"{tenant.LiveNumber}:live secret"], await OutboxAsync(tenant.Live, query));
            Assert.Equal([$"{sandboxNumber}:sandbox test"], await OutboxAsync(tenant.Sandbox, query));
        }
    }

    private static Task AssertNotFoundAsync(HttpResponseMessage response) =>
        ErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");

    /// <summary>A fresh tenant with a live and a sandbox key; live has an sms use case (echo) with one number.</summary>
    private sealed record class WalledTenant(HttpClient Live, HttpClient Sandbox, string LiveUseCaseId, string LiveNumber)
    {
        public static async Task<WalledTenant> CreateAsync(AdminHostFactory factory)
        {
            var live = await ApiTenant.CreateAsync(factory);
            var key = await Http.ReadAsync(await factory.CreateAdminClient()
                .PostAsJsonAsync($"/v1/admin/tenants/{live.TenantId}/api-keys", new { environment = "sandbox" }));
            return new WalledTenant(live.Api, factory.CreateApiClient(key.GetProperty("api_key").GetString()), live.UseCaseId, live.Number);
        }

        /// <summary>Gives the sandbox an sms use case (echo) with one number of its own; the number.</summary>
        public async Task<string> AddSandboxNumberAsync()
        {
            var useCaseId = (await Http.ReadAsync(await Sandbox.PostAsJsonAsync("/v1/use-cases",
                new { name = "Sandbox leads", channel = "sms", agent = new { type = "echo" } }))).GetProperty("use_case_id").GetString();
            var number = TestTenant.NewNumber("646");
            await Http.ReadAsync(await Sandbox.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "mobile", capabilities = new[] { "sms" } }));
            await Http.ReadAsync(await Sandbox.PostAsJsonAsync($"/v1/use-cases/{useCaseId}/numbers", new { phone_number = number }));
            return number;
        }

        /// <summary>A customer texts a number of <paramref name="api"/>'s environment (the live number by default); the conversation id.</summary>
        public async Task<string> TextAsync(HttpClient api, string customer, string body, string? to = null)
        {
            var accepted = await Http.ReadAsync(await api.PostAsJsonAsync("/v1/simulator/inbound", new { from = customer, to = to ?? LiveNumber, body }));
            return accepted.GetProperty("conversation_id").GetString() ?? throw new InvalidOperationException("The inbound was not routed.");
        }
    }
}
