using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests;

/// <summary>
/// A tenant set up the way an operator and a customer would, through HTTP only: admin creates the tenant and its key,
/// the key registers a number and an sms use case with the echo agent. Then Twilio-signed webhooks to the host.
/// </summary>
public sealed class TwilioScenario
{
    private static int _messages;

    private TwilioScenario(TwilioHostFactory factory, HttpClient api, string useCaseId, string number)
    {
        Factory = factory;
        Api = api;
        UseCaseId = useCaseId;
        Number = number;
    }

    public TwilioHostFactory Factory { get; }

    public HttpClient Api { get; }

    public string UseCaseId { get; }

    public string Number { get; }

    public static async Task<TwilioScenario> CreateAsync(TwilioHostFactory factory, object? agent = null)
    {
        var admin = factory.CreateAdminClient();
        var tenant = await ReadAsync(await admin.PostAsJsonAsync("/v1/admin/tenants", new { name = "Clinic" }));
        var key = await ReadAsync(await admin.PostAsJsonAsync($"/v1/admin/tenants/{tenant.GetProperty("tenant_id").GetString()}/api-keys", new { environment = "live" }));
        var api = factory.CreateApiClient(key.GetProperty("api_key").GetString());
        var number = TestTenant.NewNumber("646");
        await ReadAsync(await api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "mobile", capabilities = new[] { "sms" } }));
        var useCase = await ReadAsync(await api.PostAsJsonAsync("/v1/use-cases", new { name = "Reminders", channel = "sms", agent = agent ?? new { type = "echo" } }));
        var useCaseId = useCase.GetProperty("use_case_id").GetString()!;
        await ReadAsync(await api.PostAsJsonAsync($"/v1/use-cases/{useCaseId}/numbers", new { phone_number = number }));
        return new TwilioScenario(factory, api, useCaseId, number);
    }

    public static string NewMessageSid() => $"SM{Interlocked.Increment(ref _messages):D32}";

    /// <summary>The form Twilio posts for an inbound SMS.</summary>
    public Dictionary<string, string> InboundForm(string from, string body, string? messageSid = null) => new()
    {
        ["MessageSid"] = messageSid ?? NewMessageSid(),
        ["AccountSid"] = Factory.Twilio.AccountSid,
        ["From"] = from,
        ["To"] = Number,
        ["Body"] = body,
        ["NumSegments"] = "1",
        ["NumMedia"] = "0",
    };

    /// <summary>Posts a form to a webhook path, signed the way Twilio signs (token and URL overridable to forge).</summary>
    public Task<HttpResponseMessage> PostSignedAsync(
        string pathAndQuery, IDictionary<string, string> form, string? authToken = null, string? signedUrl = null,
        IDictionary<string, string>? sentForm = null) =>
        Factory.PostSignedAsync(pathAndQuery, form, authToken, signedUrl, sentForm);

    public Task<HttpResponseMessage> TextAsync(string from, string body, string? messageSid = null) =>
        PostSignedAsync("/webhooks/twilio/sms", InboundForm(from, body, messageSid));

    public async Task<JsonElement> ConversationAsync(string customer)
    {
        var id = Conversations.ConversationId.For(Number, customer);
        return await Api.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}");
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="to"/> through <c>POST /v1/outbound-sms</c>; expects a 201 and returns its body.</summary>
    public async Task<JsonElement> SendAsync(string to, string message)
    {
        var response = await Api.PostAsJsonAsync("/v1/outbound-sms", new { to, message, use_case_id = UseCaseId });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public IReadOnlyList<FakeTwilioMessage> SentTo(string customer) => Factory.Twilio.Messages.Where(m => m.To == customer).ToList();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
