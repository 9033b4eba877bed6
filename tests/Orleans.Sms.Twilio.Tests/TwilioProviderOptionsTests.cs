using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Twilio.Tests;

public sealed class TwilioProviderOptionsTests
{
    [Fact]
    public void Options_NothingConfigured_EveryRequiredKeyReported()
    {
        using var services = TwilioTestServices.Create(new Dictionary<string, string?>());

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TwilioProviderOptions>>().Value);

        Assert.Equal(3, failure.Failures.Count());
        Assert.Contains(failure.Failures, f => f.StartsWith("Sms:Twilio:AccountSid ", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Sms:Twilio:AuthToken ", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Sms:PublicBaseUrl ", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_BadValues_EachReportedWithItsKey()
    {
        using var services = TwilioTestServices.Create(new Dictionary<string, string?>
        {
            ["Sms:Twilio:AccountSid"] = "SK123",
            ["Sms:Twilio:AuthToken"] = "token",
            ["Sms:Twilio:BaseUrl"] = "ftp://fake",
            ["Sms:PublicBaseUrl"] = "/relative",
            ["Sms:Twilio:RequestTimeout"] = "00:00:10",
            ["Sms:Twilio:TotalTimeout"] = "00:00:05",
            ["Sms:Twilio:MaxRetries"] = "11",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TwilioProviderOptions>>().Value);

        Assert.Equal(
            ["Sms:PublicBaseUrl", "Sms:Twilio:AccountSid", "Sms:Twilio:BaseUrl", "Sms:Twilio:MaxRetries", "Sms:Twilio:TotalTimeout"],
            failure.Failures.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Options_BoundFromSmsTwilioAndPublicBaseUrl()
    {
        using var services = TwilioTestServices.Create(new Dictionary<string, string?>
        {
            ["Sms:Twilio:AccountSid"] = "AC" + new string('1', 32),
            ["Sms:Twilio:AuthToken"] = "token",
            ["Sms:PublicBaseUrl"] = "https://sms.example.com/",
            ["Sms:Twilio:RequestTimeout"] = "00:00:03",
            ["Sms:Twilio:MaxRetries"] = "2",
        });

        var options = services.GetRequiredService<IOptions<TwilioProviderOptions>>().Value;

        Assert.Equal("AC" + new string('1', 32), options.AccountSid);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
        Assert.Equal(2, options.MaxRetries);
        Assert.Null(options.BaseUrl);
        Assert.Equal(new Uri("https://sms.example.com/webhooks/twilio/sms"), options.InboundWebhookUrl());
        Assert.Equal(new Uri("https://sms.example.com/webhooks/twilio/status?mid=a%2Bb%26c"), options.StatusCallbackUrl("a+b&c"));
    }

    [Fact]
    public async Task AddTwilioProvider_HostWithoutSettings_RefusesToStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddTwilioProvider(builder.Configuration);
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(failure.Failures, f => f.StartsWith("Sms:Twilio:AccountSid ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddTwilioProvider_Twice_RetriesNotMultiplied()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        void Configure(TwilioProviderOptions o)
        {
            o.AccountSid = twilio.AccountSid;
            o.AuthToken = twilio.AuthToken;
            o.BaseUrl = twilio.BaseUrl;
            o.PublicBaseUrl = TwilioTestServices.PublicBaseUrl;
            o.MaxRetries = 1;
            o.RetryDelay = TimeSpan.Zero;
        }
        await using var services = new ServiceCollection().AddLogging()
            .AddTwilioProvider(configuration, Configure)
            .AddTwilioProvider(Configure)
            .BuildServiceProvider();
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.ServerError(503), FakeTwilioServer.Always);

        await Assert.ThrowsAsync<ProviderException>(
            () => services.GetRequiredService<ISmsSender>().SendAsync(TwilioTestServices.Sms(), CancellationToken.None));

        Assert.Equal(2, twilio.RequestsTo(FakeTwilioRoute.CreateMessage).Count);
    }

    [Fact]
    public void AddTwilioProvider_BeforeOrAfterGrainServices_ReplacesSimulator()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        var after = new ServiceCollection().AddSmsGrainServices().AddTwilioProvider(configuration);
        var before = new ServiceCollection().AddTwilioProvider(configuration).AddSmsGrainServices();

        foreach (var services in new[] { after, before })
        {
            Assert.Equal(typeof(TwilioSmsSender), Assert.Single(services, d => d.ServiceType == typeof(ISmsSender)).ImplementationType);
            Assert.Equal(
                typeof(TwilioMessagingProvider), Assert.Single(services, d => d.ServiceType == typeof(IMessagingProvider)).ImplementationType);
        }
    }
}
