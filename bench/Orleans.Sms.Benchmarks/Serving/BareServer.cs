using Orleans.Sms.Benchmarks.Infrastructure;

namespace Orleans.Sms.Benchmarks.Serving;

/// <summary>
/// <c>serve-bare</c>: the baseline of the inbound benchmark. The same <c>WebApplication.CreateBuilder</c>, Kestrel and
/// configuration as the engine host, and one endpoint at the same path that only reads the form and answers the empty
/// TwiML response: what any ASP.NET Core webhook costs before it does anything.
/// </summary>
internal static class BareServer
{
    public const string Command = "serve-bare";

    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var app = builder.Build();
        app.MapPost(InboundTraffic.Path, async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form.Count == 0 ? Results.BadRequest() : Results.Content(EmptyTwiml, "text/xml");
        }).DisableAntiforgery();
        app.MapBenchStats();
        await app.StartAsync();
        ParentWatch.Start(app.Configuration, app.Lifetime);
        Console.WriteLine(ChildHost.ReadyLine);
        await app.WaitForShutdownAsync();
        return 0;
    }
}
