using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Testing.Azurite;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Host.Tests;

/// <summary>
/// The engine on its embedded default, with its own silo ports so several hosts can run at once. A subclass that sets
/// <see cref="OnAzureStorage"/> runs the same host on <c>Sms:Storage=AzureStorage</c> against an Azurite of its own.
/// </summary>
public class SmsHostFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private AzuriteServer? _azurite;

    /// <summary>True: <c>Sms:Storage=AzureStorage</c> on an Azurite the factory starts, under a table prefix of its own.</summary>
    protected virtual bool OnAzureStorage => false;

    /// <summary>High enough that only the rate-limit tests meet it.</summary>
    protected virtual int RateLimit => 100_000;

    /// <summary>This host's own directory of uploaded import files.</summary>
    public virtual string SpoolPath { get; } = Path.Combine(Path.GetTempPath(), "orleans-sms-test-imports", Guid.NewGuid().ToString("N"));

    /// <summary>Null: the embedded default with its dev tenant; set: an operator-managed host without one.</summary>
    public virtual string? AdminKey => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Sms:Cluster:SiloPort", Ports.Free().ToString());
        builder.UseSetting("Sms:Cluster:GatewayPort", Ports.Free().ToString());
        // The in-memory test server listens nowhere; without this the host's start-up check would judge the README's
        // port 5080, and every test would fail while an engine runs on this machine.
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        builder.UseSetting("Sms:Agent:BatchWindow", "00:00:00");
        builder.UseSetting("Sms:RateLimit:PermitsPerSecond", RateLimit.ToString());
        builder.UseSetting("Sms:Imports:SpoolPath", SpoolPath);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, DeclaredProblemCodesCheck>());
        if (AdminKey is not null)
        {
            builder.UseSetting("Sms:AdminKey", AdminKey);
        }
        if (_azurite is not null)
        {
            builder.UseSetting("Sms:Storage", "AzureStorage");
            builder.UseSetting("ConnectionStrings:AzureStorage", _azurite.ConnectionString);
            builder.UseSetting("Sms:AzureStorage:TablePrefix", AzuriteServer.NewPrefix("host"));
        }
        AddSettings(builder);
    }

    /// <summary>Starts what the host needs before it is built (the first client creates it).</summary>
    protected virtual async Task StartAsync()
    {
        if (OnAzureStorage)
        {
            _azurite = await AzuriteServer.StartAsync();
        }
    }

    /// <summary>Stops what <see cref="StartAsync"/> started, once the host is gone.</summary>
    protected virtual async Task StopAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await StopAsync();
    }

    protected virtual void AddSettings(IWebHostBuilder builder)
    {
    }

    public string ApiKey => Services.GetRequiredService<DevTenant>().ApiKey
        ?? throw new InvalidOperationException("The dev tenant was not seeded.");

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey ?? throw new InvalidOperationException("No admin key on this host."));
        return client;
    }

    public HttpClient CreateApiClient(string? apiKey = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey ?? ApiKey);
        return client;
    }

}

/// <summary>A host run by an operator: <c>Sms:AdminKey</c> set, so no dev tenant is seeded.</summary>
public class AdminHostFactory : SmsHostFactory
{
    public override string? AdminKey { get; } = "adm_" + Guid.NewGuid().ToString("N");
}

/// <summary>The operator-managed host on <c>Sms:Storage=AzureStorage</c> (Azurite).</summary>
public sealed class AzureStorageAdminHostFactory : AdminHostFactory
{
    protected override bool OnAzureStorage => true;
}

/// <summary>A host with a tight per-tenant rate limit.</summary>
public sealed class RateLimitedHostFactory : SmsHostFactory
{
    public const int PermitsPerSecond = 5;

    protected override int RateLimit => PermitsPerSecond;
}

/// <summary>The embedded default with the Prometheus endpoint on.</summary>
public sealed class MetricsHostFactory : SmsHostFactory
{
    protected override void AddSettings(IWebHostBuilder builder) => builder.UseSetting("Sms:Metrics:Prometheus", "true");
}
