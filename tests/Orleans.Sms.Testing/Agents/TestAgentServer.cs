using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orleans.Sms.Testing.Agents;

/// <summary>One request the test agent received, as it arrived.</summary>
public sealed record class ReceivedAgentRequest(
    int Number, byte[] Body, string? Signature, bool SignatureValid, string? ContentType, string? DeliveryId)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A webhook agent on a real Kestrel server at <c>http://127.0.0.1:{free port}/agent</c>: it checks
/// <c>X-Sms-Signature</c> over the raw body with its own secret (401 when wrong or missing), records every request, and
/// answers valid ones with <c>respond</c>. One per test.
/// </summary>
public sealed class TestAgentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedAgentRequest> _requests = new();
    private readonly string _secret;
    private readonly Func<ReceivedAgentRequest, HttpContext, Task> _respond;
    private readonly Lock _gate = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    private TestAgentServer(WebApplication app, string secret, Func<ReceivedAgentRequest, HttpContext, Task> respond)
    {
        _app = app;
        _secret = secret;
        _respond = respond;
    }

    public string Url { get; private set; } = "";

    public string Secret => _secret;

    public IReadOnlyList<ReceivedAgentRequest> Requests => [.. _requests.OrderBy(r => r.Number)];

    public static async Task<TestAgentServer> StartAsync(Func<ReceivedAgentRequest, HttpContext, Task> respond, string secret = "test-secret")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var server = new TestAgentServer(app, secret, respond);
        app.MapPost("/agent", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Url = address.TrimEnd('/') + "/agent";
        return server;
    }

    /// <summary>Answers 200 with <paramref name="json"/>.</summary>
    public static Func<ReceivedAgentRequest, HttpContext, Task> Json(string json) => (_, context) => WriteJsonAsync(context, json);

    public static async Task WriteJsonAsync(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    /// <summary>Holds the request until the client gives up on it.</summary>
    public static async Task HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Completes once <paramref name="count"/> requests have arrived: a barrier, bounded so a bug fails the test.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        while (true)
        {
            Task arrival;
            lock (_gate)
            {
                if (_requests.Count >= count)
                {
                    return;
                }
                arrival = _arrived.Task;
            }
            await arrival.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var signature = context.Request.Headers["X-Sms-Signature"].ToString();
        var request = new ReceivedAgentRequest(
            Interlocked.Increment(ref _count),
            body,
            signature.Length == 0 ? null : signature,
            IsValid(body, signature),
            context.Request.ContentType,
            context.Request.Headers["X-Sms-Delivery"].ToString());
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _requests.Enqueue(request);
            arrived = _arrived;
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.SetResult();
        if (!request.SignatureValid)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        await _respond(request, context);
    }

    /// <summary>Checked here independently of the engine's own <see cref="WebhookSignature"/>, as an agent would.</summary>
    private bool IsValid(byte[] body, string header)
    {
        var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), body)).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(header));
    }
}
