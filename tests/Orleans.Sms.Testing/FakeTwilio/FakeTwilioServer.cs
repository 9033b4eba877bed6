using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>
/// A fake of the Twilio REST API subset the engine calls, on a real Kestrel server at <c>http://127.0.0.1:{free port}</c>,
/// answering Twilio-shaped JSON that the official Twilio SDK parses. One per test:
/// <code>
/// await using var twilio = await FakeTwilioServer.StartAsync();
/// twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.TooManyRequests(), times: 2);
/// // point Sms:Twilio:BaseUrl at twilio.BaseUrl, use twilio.AccountSid / twilio.AuthToken
/// var posts = twilio.RequestsTo(FakeTwilioRoute.CreateMessage);
/// </code>
/// </summary>
/// <remarks>
/// Requests need Basic auth with <see cref="AccountSid"/> and <see cref="AuthToken"/> (else 401, Twilio error 20003).
/// Incoming numbers: by default any valid E.164 number looked up through <c>IncomingPhoneNumbers.json?PhoneNumber=</c>
/// is provisioned on the spot with a stable <c>PN…</c> SID; set <see cref="AutoProvisionNumbers"/> to false to hold
/// only the numbers given to <see cref="RegisterIncomingNumber"/>. <c>PhoneNumber</c> matches exactly (no patterns).
/// </remarks>
public sealed class FakeTwilioServer : IAsyncDisposable
{
    /// <summary>Pass as <c>times</c> to <see cref="InjectFault"/> for a fault that never runs out.</summary>
    public const int Always = int.MaxValue;

    private readonly WebApplication _app;
    private readonly FakeTwilioState _state;
    private readonly Lock _callbacksGate = new();

    private FakeTwilioServer(WebApplication app, FakeTwilioState state, string baseUrl)
    {
        _app = app;
        _state = state;
        BaseUrl = baseUrl;
    }

    /// <summary>The origin the fake listens on, e.g. <c>http://127.0.0.1:50123</c> (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>The account SID the fake accepts (<c>AC</c> + 32 hex digits).</summary>
    public string AccountSid => _state.AccountSid;

    /// <summary>The auth token the fake accepts.</summary>
    public string AuthToken => _state.AuthToken;

    /// <summary>Whether looking up an unknown E.164 number provisions it (default true); see the remarks.</summary>
    public bool AutoProvisionNumbers
    {
        get => _state.AutoProvisionNumbers;
        set => _state.AutoProvisionNumbers = value;
    }

    /// <summary>
    /// Whether the fake posts status callbacks for the messages it accepts from now on (default false): <c>sent</c>, then
    /// <c>delivered</c>, signed with <see cref="AuthToken"/>, to each message's <c>StatusCallback</c> URL, in the
    /// background as Twilio does. Turning it off stops new messages' callbacks, not those already queued.
    /// </summary>
    public bool SendsStatusCallbacks
    {
        get => _state.Callbacks is { Enabled: true };
        set
        {
            lock (_callbacksGate)
            {
                _state.Callbacks ??= new FakeStatusCallbacks(_state.AccountSid, _state.AuthToken);
                _state.Callbacks.Enabled = value;
            }
        }
    }

    /// <summary>Status callbacks posted and answered with a success status (see <see cref="SendsStatusCallbacks"/>).</summary>
    public int StatusCallbacksPosted => _state.Callbacks?.Posted ?? 0;

    /// <summary>Status callbacks queued and not yet posted.</summary>
    public int StatusCallbacksPending => _state.Callbacks?.Pending ?? 0;

    /// <summary>Status callbacks that got an error status or no answer.</summary>
    public int StatusCallbacksFailed => _state.Callbacks?.Failed ?? 0;

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _state.Requests;

    /// <summary>The messages accepted so far, in order (a snapshot).</summary>
    public IReadOnlyList<FakeTwilioMessage> Messages => _state.Messages;

    /// <summary>The messaging services that exist now, with their numbers (a snapshot).</summary>
    public IReadOnlyList<FakeMessagingService> Services => _state.Services;

    /// <summary>Starts a fake on a free loopback port with fresh credentials.</summary>
    public static async Task<FakeTwilioServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var state = new FakeTwilioState("AC" + Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), TimeProvider.System);
        builder.Services.AddSingleton(state);

        var app = builder.Build();
        var stopping = app.Lifetime.ApplicationStopping;
        app.UseRouting();
        app.Use((context, next) => FakeTwilioGate.HandleAsync(context, next, state, stopping));
        app.MapFakeMessagesApi();
        app.MapFakeMessagingServicesApi();
        app.MapFallback((HttpRequest request) => TwilioJson.NotFound(request));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeTwilioServer(app, state, address.TrimEnd('/'));
    }

    /// <summary>The requests received for <paramref name="route"/>, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(FakeTwilioRoute route) => [.. _state.Requests.Where(r => r.Route == route)];

    /// <summary>
    /// The next <paramref name="times"/> requests on <paramref name="route"/> (after authentication) get
    /// <paramref name="fault"/>; <see cref="Always"/> for every one. Faults queue up in injection order. With
    /// <paramref name="to"/>, only requests whose form field <c>To</c> is that number count (a test's own messages, whatever
    /// other tests' sends still reach the shared server).
    /// </summary>
    public void InjectFault(FakeTwilioRoute route, TwilioFault fault, int times = 1, string? to = null) => _state.Faults.Add(route, fault, times, to);

    /// <summary>
    /// Completes with the <paramref name="count"/>-th request on <paramref name="route"/> once it has arrived (at once if
    /// it already has): a barrier for tests, e.g. to cancel a call only after the fake holds its request.
    /// </summary>
    public Task<RecordedRequest> WaitForRequestAsync(FakeTwilioRoute route, int count = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return _state.WaitForRequestAsync(route, count, cancellationToken);
    }

    /// <summary>
    /// Every message to <paramref name="to"/> from now on is refused with <paramref name="refusal"/>'s status, code and
    /// message (e.g. <see cref="TwilioFault.InvalidTo"/>), whatever the order of requests; nothing is taken.
    /// </summary>
    public void RefuseMessagesTo(string to, TwilioFault refusal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(refusal.Status, 400);
        _state.Refusals[to] = refusal;
    }

    /// <summary>Drops every fault still waiting.</summary>
    public void ClearFaults() => _state.Faults.Clear();

    /// <summary>Makes <paramref name="phoneNumber"/> (E.164) an incoming number of the account; returns its <c>PN…</c> SID.</summary>
    public string RegisterIncomingNumber(string phoneNumber) => _state.RegisterNumber(phoneNumber);

    /// <summary>The <c>PN…</c> SID of an incoming number of the account, or null.</summary>
    public string? IncomingNumberSid(string phoneNumber) => _state.NumberSid(phoneNumber);

    /// <summary>A messaging service that exists now, or null.</summary>
    public FakeMessagingService? Service(string serviceSid) => _state.Service(serviceSid);

    /// <summary>Stops the server; requests held by a delay fault end at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_state.Callbacks is { } callbacks)
        {
            await callbacks.DisposeAsync();
        }
    }
}
