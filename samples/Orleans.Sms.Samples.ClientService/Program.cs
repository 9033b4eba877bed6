using Orleans.Runtime.Messaging;
using Orleans.Sms.Hosting;
using Orleans.Sms.Samples.ClientService;

// Usage: dotnet run --project samples/Orleans.Sms.Samples.ClientService -- <to> [message] [--Sms:Client:GatewayPorts:0=30000]
var (positional, switches) = DemoRequest.SplitArguments(args);
if (positional.Count is 0)
{
    Console.Error.WriteLine("usage: Orleans.Sms.Samples.ClientService <to> [message] [--Sms:Client:<Option>=<value> ...]");
    return 2;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = switches,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json next to the binary, wherever `dotnet run` starts
});
builder.AddOrleansSmsClient(); // tenant, environment and gateway from Sms:Client (appsettings.json, Sms__Client__* or --Sms:Client:*)
builder.Services.AddSingleton(new DemoRequest(positional[0], positional.Count > 1 ? positional[1] : DemoRequest.DefaultMessage));
builder.Services.AddHostedService<ConversationWatcher>();

using var host = builder.Build();
try
{
    await host.RunAsync();
}
catch (ConnectionFailedException ex)
{
    Console.Error.WriteLine($"Cannot reach the engine ({ex.Message}). Is it running? dotnet run --project src/Orleans.Sms.Host");
    return 1;
}
return Environment.ExitCode;
