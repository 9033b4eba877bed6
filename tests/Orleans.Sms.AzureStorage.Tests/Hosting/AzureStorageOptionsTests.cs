using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Sms.Archive;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.AzureStorage.Health;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.AzureStorage.Tests.Hosting;

public sealed class AzureStorageOptionsTests
{
    [Fact]
    public void Validate_EverythingWrong_ReportsEveryFailureByKey()
    {
        var result = new AzureStorageOptionsValidator().Validate(null, new AzureStorageOptions { ConnectionString = " ", TablePrefix = "9-x" });

        Assert.True(result.Failed);
        Assert.Collection(result.Failures!,
            f => Assert.StartsWith("ConnectionStrings:AzureStorage is required", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Sms:AzureStorage:TablePrefix must start with a letter", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_GarbageConnectionString_FailsWithoutEchoingIt()
    {
        var result = new AzureStorageOptionsValidator().Validate(null, new AzureStorageOptions { ConnectionString = "secret-garbage" });

        var failure = Assert.Single(result.Failures!);
        Assert.Equal("ConnectionStrings:AzureStorage is not a valid Azure Storage connection string.", failure);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "sms")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net", "")]
    public void Validate_GoodOptions_Succeeds(string connectionString, string prefix) =>
        Assert.True(new AzureStorageOptionsValidator().Validate(null, new AzureStorageOptions { ConnectionString = connectionString, TablePrefix = prefix }).Succeeded);

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("1a", "must start with a letter")]
    [InlineData("a_b", "must contain only letters and digits")]
    [InlineData("a123456789012345678901234567890123456789012345678901234", "must be at most 50 characters")]
    public void PrefixProblem_BadPrefix_SaysWhy(string? prefix, string expected) =>
        Assert.Equal(expected, SmsTableNames.PrefixProblem(prefix));

    [Fact]
    public void TableNames_FromPrefix_AreValidAzureNames()
    {
        var names = new SmsTableNames("run42");

        string[] all = [names.Silos, names.GrainState, names.Reminders, names.Messages, names.Sessions, names.Unrouted];

        Assert.Equal(["run42silos", "run42grains", "run42reminders", "run42messages", "run42sessions", "run42unrouted"], all);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddAzureTableArchive_EitherOrderWithGrainServices_WinsOverTheMemoryDefault(bool archiveFirst)
    {
        var services = new ServiceCollection();
        if (archiveFirst)
        {
            services.AddAzureTableArchive("UseDevelopmentStorage=true", "order");
            services.AddSmsGrainServices();
        }
        else
        {
            services.AddSmsGrainServices();
            services.AddAzureTableArchive("UseDevelopmentStorage=true", "order");
        }
        using var provider = services.BuildServiceProvider();

        Assert.IsType<TableMessageArchive>(provider.GetRequiredService<IMessageArchive>());
        Assert.NotNull(provider.GetRequiredService<TableStorageReadiness>());
    }

    [Fact]
    public async Task Host_WithoutConnectionString_RefusesToStartNamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseSmsAzureStorage(connectionString: ""));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings:AzureStorage is required", error.Message, StringComparison.Ordinal);
    }
}
