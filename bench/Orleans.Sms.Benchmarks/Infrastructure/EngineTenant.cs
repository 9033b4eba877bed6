using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>A tenant set up over the engine's HTTP API as an operator would: admin creates it and its key, the key registers numbers and use cases.</summary>
public sealed class EngineTenant
{
    private readonly HttpClient _api;

    private EngineTenant(HttpClient api) => _api = api;

    /// <summary>An HTTP client with the tenant's live API key.</summary>
    public HttpClient Api => _api;

    public static async Task<EngineTenant> CreateAsync(string baseUrl, string adminKey)
    {
        var admin = new HttpClient { BaseAddress = new Uri(baseUrl) };
        admin.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
        var tenant = await ReadAsync(await admin.PostAsJsonAsync("/v1/admin/tenants", new { name = "Benchmark clinic" }));
        var tenantId = tenant.GetProperty("tenant_id").GetString();
        var key = await ReadAsync(await admin.PostAsJsonAsync($"/v1/admin/tenants/{tenantId}/api-keys", new { environment = "live" }));
        var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", key.GetProperty("api_key").GetString());
        return new EngineTenant(api);
    }

    /// <summary>An sms use case holding <paramref name="numbers"/>, with <paramref name="agent"/> (e.g. <c>new { type = "echo" }</c>) or none.</summary>
    public async Task<string> AddUseCaseAsync(IReadOnlyList<string> numbers, object? agent, string name = "Appointments")
    {
        foreach (var number in numbers)
        {
            await ReadAsync(await _api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "mobile", capabilities = new[] { "sms" } }));
            // Pacing lifted (docs/api.md: Campaigns): at a mobile number's 1 segment/s the replies measured here would wait for the number.
            await ReadAsync(await _api.PatchAsJsonAsync($"/v1/phone-numbers/{Uri.EscapeDataString(number)}", new { mps = 1000 }));
        }
        var useCase = await ReadAsync(await _api.PostAsJsonAsync("/v1/use-cases", new { name, channel = "sms", agent }));
        var useCaseId = useCase.GetProperty("use_case_id").GetString()!;
        foreach (var number in numbers)
        {
            await ReadAsync(await _api.PostAsJsonAsync($"/v1/use-cases/{useCaseId}/numbers", new { phone_number = number }));
        }
        return useCaseId;
    }

    /// <summary>Agent numbers <c>+1646200xxxx</c>, distinct per <paramref name="block"/>.</summary>
    public static IReadOnlyList<string> AgentNumbers(int count, int block = 0) =>
        [.. Enumerable.Range(0, count).Select(i => $"+1646{2_000_000 + block * 100 + i:D7}")];

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
