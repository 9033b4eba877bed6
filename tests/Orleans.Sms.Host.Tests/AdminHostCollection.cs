using System.Net.Http.Json;

namespace Orleans.Sms.Host.Tests;

[CollectionDefinition(Name)]
public sealed class AdminHostCollection : ICollectionFixture<AdminHostFactory>
{
    public const string Name = "admin-host";
}

[CollectionDefinition(Name)]
public sealed class AzureStorageAdminHostCollection : ICollectionFixture<AzureStorageAdminHostFactory>
{
    public const string Name = "admin-host-azure";
}

/// <summary>A tenant created through the admin API, with a live key, a number and an sms use case (echo agent).</summary>
public sealed record class ApiTenant(string TenantId, HttpClient Api, string UseCaseId, string Number)
{
    public static async Task<ApiTenant> CreateAsync(AdminHostFactory factory, bool withNumber = true)
    {
        var admin = factory.CreateAdminClient();
        var tenant = await Http.ReadAsync(await admin.PostAsJsonAsync("/v1/admin/tenants", new { name = "Acme" }));
        var tenantId = tenant.GetProperty("tenant_id").GetString()!;
        var key = await Http.ReadAsync(await admin.PostAsJsonAsync($"/v1/admin/tenants/{tenantId}/api-keys", new { environment = "live" }));
        var api = factory.CreateApiClient(key.GetProperty("api_key").GetString());
        var useCase = await Http.ReadAsync(await api.PostAsJsonAsync("/v1/use-cases", new { name = "Leads", channel = "sms", agent = new { type = "echo" } }));
        var useCaseId = useCase.GetProperty("use_case_id").GetString()!;
        var number = TestTenant.NewNumber("312");
        if (withNumber)
        {
            await Http.ReadAsync(await api.PostAsJsonAsync("/v1/phone-numbers", new { phone_number = number, type = "mobile", capabilities = new[] { "sms" } }));
            await Http.ReadAsync(await api.PostAsJsonAsync($"/v1/use-cases/{useCaseId}/numbers", new { phone_number = number }));
        }
        return new ApiTenant(tenantId, api, useCaseId, number);
    }

    /// <summary>A client with a fresh key of this tenant in another environment (the walls' other side).</summary>
    public async Task<HttpClient> ClientInAsync(AdminHostFactory factory, string environment)
    {
        var key = await Http.ReadAsync(await factory.CreateAdminClient().PostAsJsonAsync($"/v1/admin/tenants/{TenantId}/api-keys", new { environment }));
        return factory.CreateApiClient(key.GetProperty("api_key").GetString());
    }
}

public static class Http
{
    public static async Task<System.Text.Json.JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }
}
