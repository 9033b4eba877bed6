using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Tests.Hosting;

/// <summary>The silo entry point refuses bad options before it registers anything, naming every key at once.</summary>
public sealed class SmsSiloOptionsTests
{
    [Fact]
    public void AddSmsSilo_EveryProblem_ThrowsOneExceptionNamingEachKey()
    {
        var options = new SmsSiloOptions
        {
            Storage = SmsStorageMode.AzureStorage,
            AzureStorageTablePrefix = "1bad",
            Endpoints = new() { SiloPort = 0, GatewayPort = 70000, AdvertisedIPAddress = "not-an-ip" },
        };

        var error = Assert.Throws<OptionsValidationException>(() => Build(options));

        Assert.Collection(error.Failures,
            f => Assert.Equal("ConnectionStrings:AzureStorage is required when Sms:Storage=AzureStorage.", f),
            f => Assert.StartsWith("Sms:AzureStorage:TablePrefix ", f),
            f => Assert.Equal("Sms:Cluster:AdvertisedIPAddress must be an IP address (got 'not-an-ip').", f),
            f => Assert.Equal("Sms:Cluster:SiloPort must be a port between 1 and 65535 (got '0').", f),
            f => Assert.Equal("Sms:Cluster:GatewayPort must be a port between 1 and 65535 (got '70000').", f));
    }

    [Fact]
    public void AddSmsSilo_UnknownMode_NamesTheKeyAndTheKnownModes()
    {
        var options = new SmsSiloOptions { Storage = (SmsStorageMode)7, Provider = (SmsProvider)9 };

        var error = Assert.Throws<OptionsValidationException>(() => Build(options));

        Assert.Equal(
            ["Sms:Storage must be one of Memory, AzureStorage (got '7').", "Sms:Provider must be one of Simulator, Twilio (got '9')."],
            error.Failures);
    }

    [Fact]
    public void AddSmsSilo_MemoryWithoutEndpoints_NeedsNothingElse()
    {
        using var host = Build(new SmsSiloOptions { Endpoints = null });

        Assert.IsType<Orleans.Sms.Archive.MemoryMessageArchive>(host.Services.GetRequiredService<Orleans.Sms.Archive.IMessageArchive>());
    }

    private static IHost Build(SmsSiloOptions options)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.AddSmsSilo(options));
        return builder.Build();
    }
}
