using Orleans.Sms.Host.Apis;
using Orleans.Sms.Host.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultListenAddressWhenUnset();
    builder.AddSmsEngine();

    var app = builder.Build();
    app.UseSmsPipeline();
    app.MapHealthApi();
    app.MapSimulatorApi();
    app.MapConversationsApi();
    app.MapPhoneNumbersApi();
    app.MapUseCasesApi();
    app.MapOutboundApi();
    app.MapUsageApi();
    app.MapAdminApi();
    if (!app.Services.GetRequiredService<SmsHostOptions>().IsSimulator)
    {
        app.MapTwilioWebhooks();
    }
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.IsConfiguration(ex))
{
    // A bad setting stops the host with one line that names the key, not a stack trace.
    Console.Error.WriteLine($"Orleans.Sms cannot start: {StartupFailure.Describe(ex)}");
    return 1;
}
