using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Sms.AzureStorage.Health;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
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

    private static HealthCheckContext Context(IHealthCheck check, HealthStatus failure = HealthStatus.Unhealthy) =>
        new() { Registration = new HealthCheckRegistration("storage", check, failure, ["ready"]) };

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
