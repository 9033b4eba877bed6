using Microsoft.AspNetCore.Hosting;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests;

/// <summary>
/// The engine with <c>Sms:Provider=Twilio</c>: the real Twilio SDK against a fake Twilio REST server on 127.0.0.1, and a
/// public base URL that differs from the test server's own (as behind a proxy), so signatures must use it.
/// </summary>
public sealed class TwilioHostFactory : AdminHostFactory, IAsyncLifetime
{
    public const string PublicBaseUrl = "https://sms.example.com";

    public FakeTwilioServer Twilio { get; private set; } = null!;

    public async Task InitializeAsync() => Twilio = await FakeTwilioServer.StartAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Twilio.DisposeAsync();
    }

    protected override void AddSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Sms:Provider", "Twilio");
        builder.UseSetting("Sms:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Sms:Twilio:AccountSid", Twilio.AccountSid);
        builder.UseSetting("Sms:Twilio:AuthToken", Twilio.AuthToken);
        builder.UseSetting("Sms:Twilio:BaseUrl", Twilio.BaseUrl);
        builder.UseSetting("Sms:Twilio:RetryDelay", "00:00:00.010");
        builder.UseSetting("Sms:Twilio:MaxRetryDelay", "00:00:00.050");
        builder.UseSetting("Sms:Twilio:RequestTimeout", "00:00:02");
    }
}

[CollectionDefinition(Name)]
public sealed class TwilioHostCollection : ICollectionFixture<TwilioHostFactory>
{
    public const string Name = "twilio-host";
}
