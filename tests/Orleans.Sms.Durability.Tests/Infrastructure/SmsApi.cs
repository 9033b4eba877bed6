using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// One tenant's API key on one host's HTTP front, set up the way an operator and a customer would (admin routes,
/// then the public API). <see cref="On"/> gives the same tenant on another host of the engine.
/// </summary>
public sealed class SmsApi(HttpClient http, string apiKey)
{
    private static int _numbers;
    private static int _sids;

    /// <summary>The same tenant through another host.</summary>
    public SmsApi On(HttpClient other) => new(other, apiKey);

    /// <summary>Creates a tenant and a live API key through the admin routes.</summary>
    public static async Task<SmsApi> CreateTenantAsync(HttpClient http, string adminKey, string name)
    {
        var tenant = await ReadAsync(await SendAsync(http, HttpMethod.Post, "/v1/admin/tenants", new { name }, ("X-Admin-Key", adminKey)));
        var tenantId = tenant.GetProperty("tenant_id").GetString();
        var key = await ReadAsync(await SendAsync(
            http, HttpMethod.Post, $"/v1/admin/tenants/{tenantId}/api-keys", new { environment = "live" }, ("X-Admin-Key", adminKey)));
        return new SmsApi(http, key.GetProperty("api_key").GetString()!);
    }

    /// <summary>A number no other test of this process uses: +1 (area code) 3xx-xxxx.</summary>
    public static string NewNumber(string areaCode) => $"+1{areaCode}{3_000_000 + Interlocked.Increment(ref _numbers):D7}";

    /// <summary>A provider message id unique in this run, as Twilio's are.</summary>
    public static string NewMessageSid() => $"SM{Guid.NewGuid():N}"[..20] + Interlocked.Increment(ref _sids).ToString("D12");

    public async Task RegisterNumberAsync(string number) =>
        await ReadAsync(await SendAsync(HttpMethod.Post, "/v1/phone-numbers", new { phone_number = number, type = "mobile", capabilities = new[] { "sms" } }));

    /// <summary>The demo agent: it answers every message with its text.</summary>
    public static readonly object EchoAgent = new { type = "echo" };

    /// <summary>An sms use case with <paramref name="agent"/>; without one, messages are only stored.</summary>
    public async Task<string> CreateUseCaseAsync(string name, object? agent, string? warningMessage = null)
    {
        var body = agent is null
            ? (object)new { name, channel = "sms", warning_message = warningMessage }
            : new { name, channel = "sms", agent, warning_message = warningMessage };
        var created = await ReadAsync(await SendAsync(HttpMethod.Post, "/v1/use-cases", body));
        return created.GetProperty("use_case_id").GetString()!;
    }

    public Task<HttpResponseMessage> AssignAsync(string useCaseId, string number) =>
        SendAsync(HttpMethod.Post, $"/v1/use-cases/{useCaseId}/numbers", new { phone_number = number });

    public Task<HttpResponseMessage> UnassignAsync(string useCaseId, string number) =>
        SendAsync(HttpMethod.Delete, $"/v1/use-cases/{useCaseId}/numbers/{Uri.EscapeDataString(number)}");

    /// <summary>A customer texts the engine through the simulator (the path of a validated Twilio inbound).</summary>
    public Task<HttpResponseMessage> InboundAsync(string from, string to, string body, string messageSid) =>
        SendAsync(HttpMethod.Post, "/v1/simulator/inbound", new { from, to, body, message_sid = messageSid });

    public Task<HttpResponseMessage> OutboundAsync(object body, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, "/v1/outbound-sms", body, idempotencyKey is null ? default : ("Idempotency-Key", idempotencyKey));

    /// <summary>What the simulator would have sent to <paramref name="to"/>, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> OutboxAsync(string to)
    {
        var outbox = await ReadAsync(await SendAsync(HttpMethod.Get, $"/v1/simulator/outbox?to={Uri.EscapeDataString(to)}"));
        return [.. outbox.GetProperty("messages").EnumerateArray()];
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>The conversation with (up to 500 of) its messages.</summary>
    public async Task<JsonElement> ConversationAsync(string conversationId) =>
        await ReadAsync(await GetAsync($"/v1/conversations/{conversationId}?limit=500"));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The <c>code</c> of a problem+json answer.</summary>
    public static async Task<string?> ProblemCodeAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, (string Name, string Value) header = default) =>
        SendAsync(http, method, path, body, ("X-Api-Key", apiKey), header);

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, HttpMethod method, string path, object? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        foreach (var (name, value) in headers)
        {
            if (name is not null)
            {
                request.Headers.Add(name, value);
            }
        }
        return await http.SendAsync(request);
    }
}

/// <summary>Reading the contract's JSON.</summary>
public static class Json
{
    public static string Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    public static IReadOnlyList<JsonElement> Messages(this JsonElement conversation) =>
        [.. conversation.GetProperty("messages").EnumerateArray()];

    public static JsonElement Session(this JsonElement conversation) => conversation.GetProperty("session");
}
