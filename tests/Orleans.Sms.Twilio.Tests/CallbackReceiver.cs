using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Twilio.Security;

namespace Orleans.Sms.Twilio.Tests;

/// <summary>A Kestrel endpoint that records the status callbacks posted to it, checking each signature with the Twilio SDK.</summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Status, string Sid, bool Signed)> _posts = [];
    private readonly TaskCompletionSource<IReadOnlyList<(string Status, string Sid, bool Signed)>> _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CallbackReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Completes with the posts once <c>expected</c> have arrived.</summary>
    public Task<IReadOnlyList<(string Status, string Sid, bool Signed)>> All => _all.Task;

    public static async Task<CallbackReceiver> StartAsync(string authToken, int expected)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        var validator = new RequestValidator(authToken);
        app.MapPost("/status", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var url = receiver.Url + request.QueryString;
            var signed = validator.Validate(url, form.ToDictionary(f => f.Key, f => f.Value.ToString()), request.Headers["X-Twilio-Signature"].ToString());
            lock (receiver._posts)
            {
                receiver._posts.Add((form["MessageStatus"].ToString(), form["MessageSid"].ToString(), signed));
                if (receiver._posts.Count == expected)
                {
                    receiver._all.TrySetResult([.. receiver._posts]);
                }
            }
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/status";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
