using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;
using Orleans.Sms.AzureStorage;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Client.Tests;

/// <summary>
/// The client's Azure clustering (Orleans.Sms.Client) and the silo's (Orleans.Sms.AzureStorage) are two extensions: they
/// must read and write one membership table. Neither host is started: the options say which table each would use.
/// </summary>
public sealed class AzureClusteringTableTests
{
    private const string ConnectionString = "UseDevelopmentStorage=true";

    [Theory]
    [InlineData(SmsTableNames.DefaultPrefix, "smssilos")]
    [InlineData("run42", "run42silos")]
    public void UseSmsAzureStorageClustering_SameMembershipTableAsTheSilo(string prefix, string expected)
    {
        using var client = new HostBuilder()
            .UseOrleansClient(orleans => orleans.UseSmsAzureStorageClustering(ConnectionString, prefix))
            .Build();
        var silo = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        silo.UseOrleans(orleans => orleans.UseSmsAzureStorage(ConnectionString, prefix));
        using var siloHost = silo.Build();

        var clientTable = client.Services.GetRequiredService<IOptions<AzureStorageGatewayOptions>>().Value.TableName;
        var siloTable = siloHost.Services.GetRequiredService<IOptions<AzureStorageClusteringOptions>>().Value.TableName;

        Assert.Equal((expected, expected), (clientTable, siloTable));
    }

    [Fact]
    public void UseSmsAzureStorageClustering_DefaultPrefix_IsTheEnginesDefault()
    {
        using var client = new HostBuilder()
            .UseOrleansClient(orleans => orleans.UseSmsAzureStorageClustering(ConnectionString))
            .Build();

        Assert.Equal("smssilos", client.Services.GetRequiredService<IOptions<AzureStorageGatewayOptions>>().Value.TableName);
    }
}
