using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Sms.AzureStorage.Health;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.AzureStorage.Tests.Health;

[Collection(AzuriteCollection.Name)]
public sealed class TableStorageReadinessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Check_AzuriteAnswering_IsHealthy()
    {
        var check = new TableStorageReadiness(azurite.NewServiceClient());

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Check_NothingListening_IsUnhealthyWithinItsTimeout()
    {
        var closed = new TableServiceClient(
            azurite.ConnectionString.Replace($":{azurite.Port}/", $":{ClosedPort()}/", StringComparison.Ordinal));
        var check = new TableStorageReadiness(closed) { Timeout = TimeSpan.FromSeconds(1) };

        var clock = Stopwatch.StartNew();
        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Check_RegistrationAsksForDegraded_ReportsDegraded()
    {
        var closed = new TableServiceClient(
            azurite.ConnectionString.Replace($":{azurite.Port}/", $":{ClosedPort()}/", StringComparison.Ordinal));
        var check = new TableStorageReadiness(closed) { Timeout = TimeSpan.FromMilliseconds(300) };

        var result = await check.CheckHealthAsync(Context(check, HealthStatus.Degraded));

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    [Fact]
    public async Task Check_RegisteredByAddAzureTableArchive_AnswersARefusedConnectionAtOnce()
    {
        var services = new ServiceCollection();
        services.AddAzureTableArchive(
            azurite.ConnectionString.Replace($":{azurite.Port}/", $":{ClosedPort()}/", StringComparison.Ordinal));
        using var provider = services.BuildServiceProvider();
        var check = provider.GetRequiredService<TableStorageReadiness>();

        var clock = Stopwatch.StartNew();
        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(TableStorageReadiness.DefaultTimeout, check.Timeout);
        // No retries: well inside the timeout.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Check_RegisteredByAddAzureTableArchive_IsHealthyAgainstAzurite()
    {
        var services = new ServiceCollection();
        services.AddAzureTableArchive(azurite.ConnectionString);
        using var provider = services.BuildServiceProvider();
        var check = provider.GetRequiredService<TableStorageReadiness>();

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(Context(check))).Status);
    }

    [Fact]
    public async Task Check_ARequiredTableMissing_IsUnhealthyNamingOnlyIt()
    {
        var prefix = AzuriteFixture.NewPrefix();
        var service = azurite.NewServiceClient();
        await service.CreateTableAsync(prefix + "silos");
        var check = new TableStorageReadiness(service) { RequiredTables = [prefix + "silos", prefix + "grains"] };

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith($"Table {prefix}grains is missing (deleted under the running host", result.Description);
        Assert.DoesNotContain(prefix + "silos", result.Description);
    }

    [Fact]
    public async Task Check_RegisteredByUseSmsAzureStorage_RequiresOrleansTablesAndIsHealthyOnceTheyExist()
    {
        var tables = new SmsTableNames(AzuriteFixture.NewPrefix());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseSmsAzureStorage(azurite.ConnectionString, tables.Prefix));
        using var provider = builder.Services.BuildServiceProvider();
        var check = provider.GetRequiredService<TableStorageReadiness>();

        var before = await check.CheckHealthAsync(Context(check));
        foreach (var table in new[] { tables.Silos, tables.GrainState, tables.Reminders })
        {
            await azurite.NewServiceClient().CreateTableAsync(table);
        }
        var after = await check.CheckHealthAsync(Context(check));

        Assert.Equal([tables.Silos, tables.GrainState, tables.Reminders], check.RequiredTables);
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.StartsWith($"Tables {tables.Silos}, {tables.GrainState}, {tables.Reminders} are missing", before.Description);
        Assert.Equal(HealthStatus.Healthy, after.Status);
    }

    private static HealthCheckContext Context(IHealthCheck check, HealthStatus failure = HealthStatus.Unhealthy) =>
        new() { Registration = new HealthCheckRegistration("storage", check, failure, ["ready"]) };

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
