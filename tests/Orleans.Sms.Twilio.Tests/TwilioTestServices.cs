using Microsoft.Extensions.Configuration;
using Orleans.Sms.Hosting;
using Orleans.Sms.Twilio;

namespace Orleans.Sms.Twilio.Tests;

/// <summary>The Twilio provider as a host registers it, pointed at a fake, with retry delays too small to wait on.</summary>
internal static class TwilioTestServices
{
    public const string PublicBaseUrl = "https://sms.example.com";

    public static ServiceProvider Create(FakeTwilioServer twilio, Action<TwilioProviderOptions>? configure = null) =>
        Create(new Dictionary<string, string?>
        {
            ["Sms:Twilio:AccountSid"] = twilio.AccountSid,
            ["Sms:Twilio:AuthToken"] = twilio.AuthToken,
            ["Sms:Twilio:BaseUrl"] = twilio.BaseUrl,
            ["Sms:PublicBaseUrl"] = PublicBaseUrl,
            ["Sms:Twilio:RetryDelay"] = "00:00:00.001",
            ["Sms:Twilio:MaxRetryDelay"] = "00:00:00.010",
        }, configure);

    public static ServiceProvider Create(IDictionary<string, string?> settings, Action<TwilioProviderOptions>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddTwilioProvider(configuration, configure)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public static OutboundSms Sms(string messageId = "msg-1", string to = "+15550100002", string body = "Hello from the agent") =>
        new("tenant-1", messageId, "+15550100001", to, body, new Orleans.Sms.Messaging.SegmentCount(1, Orleans.Sms.Conversations.SmsEncoding.Gsm7));
}
