using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Sms.Durability.Tests.Infrastructure;

namespace Orleans.Sms.Durability.Tests;

/// <summary>
/// An in-memory Azurite (<c>eng/azurite.sh start</c> without <c>--persistent</c>) restarted under a running host: every
/// table is gone. The engine's own tables come back at their next use, so contacts work again at once; Orleans creates
/// its tables (membership, grain state, reminders) only when a silo starts, so <c>/health/ready</c> fails until the host
/// is restarted, and a restarted host works on the emptied account.
/// </summary>
public sealed class AzuriteWipeTests
{
    [Fact]
    public async Task AzuriteRestartedInMemory_ContactsWorkAtOnce_ReadinessFailsUntilTheHostRestarts()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var engine = new EngineConfig(azurite, AzuriteServer.NewPrefix("wipe"));
        await using var first = HostProcess.Start("first", engine.ForInstance());
        await first.WaitReadyAsync();
        using var api = await TenantAsync(first, engine.AdminKey, "Wiped Clinic");
        await Read(api.PostAsJsonAsync("/v1/contacts", new { phone_number = SmsApi.NewNumber("415") }));

        await azurite.RestartAsync();

        var created = await Read(api.PostAsJsonAsync("/v1/contacts", new { phone_number = SmsApi.NewNumber("415"), name = "After" }));
        var read = await Read(api.GetAsync($"/v1/contacts/{created.GetProperty("contact_id").GetString()}"));
        Assert.Equal("After", read.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await first.Http.GetAsync("/health/ready")).StatusCode);
        // Its membership row is gone: a graceful stop would retry the status updates against the missing table for
        // about two minutes, and there is nothing left to write.
        first.Crash();

        await using var second = HostProcess.Start("second", engine.ForInstance());
        await second.WaitReadyAsync();
        using var fresh = await TenantAsync(second, engine.AdminKey, "Fresh Clinic");
        await Read(fresh.PostAsJsonAsync("/v1/contacts", new { phone_number = SmsApi.NewNumber("415") }));
    }

    private static async Task<HttpClient> TenantAsync(HostProcess host, string adminKey, string name)
    {
        using var admin = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        admin.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
        var tenant = await Read(admin.PostAsJsonAsync("/v1/admin/tenants", new { name }));
        var key = await Read(admin.PostAsJsonAsync($"/v1/admin/tenants/{tenant.GetProperty("tenant_id").GetString()}/api-keys", new { environment = "live" }));
        var api = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Add("X-Api-Key", key.GetProperty("api_key").GetString());
        return api;
    }

    private static async Task<JsonElement> Read(Task<HttpResponseMessage> request) => await SmsApi.ReadAsync(await request);
}
