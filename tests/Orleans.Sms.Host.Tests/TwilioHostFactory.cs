using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Host.Tests;

/// <summary>
/// The engine with <c>Sms:Provider=Twilio</c>: the real Twilio SDK against a fake Twilio REST server on 127.0.0.1, and a
/// public base URL that differs from the test server's own (as behind a proxy), so signatures must use it.
/// </summary>
public class TwilioHostFactory : AdminHostFactory
{
    public const string PublicBaseUrl = "https://sms.example.com";

    public FakeTwilioServer Twilio { get; private set; } = null!;

    /// <summary>The chat client the host's chat agents use; tests put a scripted one in.</summary>
    public SwappableChatClient Chat { get; } = new();

    protected virtual TimeSpan BatchWindow => TimeSpan.Zero;

    protected override async Task StartAsync()
    {
        await base.StartAsync();
        Twilio = await FakeTwilioServer.StartAsync();
    }

    protected override async Task StopAsync()
    {
        await Twilio.DisposeAsync();
        await base.StopAsync();
    }

    /// <summary>Posts a form to a webhook path of the host, signed the way Twilio signs (token and URL overridable to forge).</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(
        string pathAndQuery, IDictionary<string, string> form, string? authToken = null, string? signedUrl = null,
        IDictionary<string, string>? sentForm = null)
    {
        var signature = TwilioSignature.Compute(authToken ?? Twilio.AuthToken, signedUrl ?? PublicBaseUrl + pathAndQuery, form);
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(sentForm ?? form) };
        request.Headers.Add(TwilioSignature.Header, signature);
        return await CreateClient().SendAsync(request);
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
        builder.UseSetting("Sms:Agent:BatchWindow", BatchWindow.ToString());
        builder.UseSetting("Sms:Agent:AllowPrivateNetworks", "true"); // the tests' agents (TestAgentServer) listen on 127.0.0.1
        builder.UseSetting("Sms:Agent:Webhook:MaxAttempts", "2");
        builder.UseSetting("Sms:Agent:Webhook:RetryDelay", "00:00:00.010");
        builder.UseSetting("Sms:Agent:Webhook:MaxRetryDelay", "00:00:00.050");
        builder.ConfigureServices(services => services.AddSingleton<IChatClient>(Chat));
    }
}

[CollectionDefinition(Name)]
public sealed class TwilioHostCollection : ICollectionFixture<TwilioHostFactory>
{
    public const string Name = "twilio-host";
}

/// <summary>The Twilio host on <c>Sms:Storage=AzureStorage</c> (Azurite).</summary>
public sealed class AzureStorageTwilioHostFactory : TwilioHostFactory
{
    protected override bool OnAzureStorage => true;
}

[CollectionDefinition(Name)]
public sealed class AzureStorageTwilioHostCollection : ICollectionFixture<AzureStorageTwilioHostFactory>
{
    public const string Name = "twilio-host-azure";
}

/// <summary>The Twilio host with a two-second batch window.</summary>
public sealed class BatchingTwilioHostFactory : TwilioHostFactory
{
    protected override TimeSpan BatchWindow => TimeSpan.FromSeconds(2);
}

/// <summary>An <see cref="IChatClient"/> whose behaviour a test sets (the host resolves one instance for its lifetime).</summary>
public sealed class SwappableChatClient : IChatClient
{
    public IChatClient? Inner { get; set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        (Inner ?? throw new InvalidOperationException("No chat client set.")).GetResponseAsync(messages, options, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        (Inner ?? throw new InvalidOperationException("No chat client set.")).GetStreamingResponseAsync(messages, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => Inner?.GetService(serviceType, serviceKey);

    public void Dispose()
    {
    }
}
