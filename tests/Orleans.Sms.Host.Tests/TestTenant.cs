using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Host.Tests;

/// <summary>A fresh tenant with an API client per environment, and unique phone numbers for one test.</summary>
public sealed class TestTenant
{
    private static int _tenants;
    private static int _numbers;

    private TestTenant(string tenantId, int index, IReadOnlyDictionary<string, HttpClient> clients)
    {
        TenantId = tenantId;
        Index = index;
        Clients = clients;
    }

    public string TenantId { get; }

    public int Index { get; }

    public IReadOnlyDictionary<string, HttpClient> Clients { get; }

    public HttpClient Live => Clients["live"];

    public static async Task<TestTenant> CreateAsync(SmsHostFactory factory)
    {
        var index = Interlocked.Increment(ref _tenants);
        var tenantId = $"ten_http{index}_{Guid.NewGuid():N}";
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var tenant = grains.GetGrain<ITenantGrain>(tenantId);
        await tenant.CreateAsync($"HTTP tenant {index}");
        var clients = new Dictionary<string, HttpClient>();
        foreach (var environment in new[] { "dev", "sandbox", "live" })
        {
            clients[environment] = factory.CreateApiClient((await tenant.IssueApiKeyAsync(environment)).ApiKey);
        }
        return new TestTenant(tenantId, index, clients);
    }

    /// <summary>A number no other test uses in this process: +1 (area code) 2xx-xxxx.</summary>
    public static string NewNumber(string areaCode = "415") =>
        $"+1{areaCode}{2_000_000 + Interlocked.Increment(ref _numbers):D7}";

    public async Task<JsonElement> RegisterNumberAsync(string number, string type = "mobile", string[]? capabilities = null, string environment = "live")
    {
        var response = await Clients[environment].PostAsJsonAsync("/v1/phone-numbers",
            new { phone_number = number, type, capabilities = capabilities ?? ["sms", "voice"] });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string> CreateUseCaseAsync(string channel = "sms", string environment = "live", object? agent = null)
    {
        var response = await Clients[environment].PostAsJsonAsync("/v1/use-cases",
            new { name = $"{channel} use case", channel, agent = agent ?? new { type = "echo" } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("use_case_id").GetString()!;
    }
}
