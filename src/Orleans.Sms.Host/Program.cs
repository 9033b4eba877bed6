using Orleans.Sms.Host.Apis;
using Orleans.Sms.Host.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultListenAddressWhenUnset();
    // A failed start is said once, below, not also as the host's log entry with the whole stack.
    builder.Logging.AddFilter(StartupFailure.HostLifetimeCategory, LogLevel.Critical);
    builder.AddSmsHost();

    var app = builder.Build();
    app.UseSmsHostPipeline();
    app.MapHealthApi();
    app.MapSimulatorApi();
    app.MapConversationsApi();
    app.MapPhoneNumbersApi();
    app.MapUseCasesApi();
    app.MapOutboundApi();
    app.MapUsageApi();
    app.MapContactsApi();
    app.MapContactImportsApi();
    app.MapCampaignsApi();
    app.MapAdminApi();
    app.MapTwilioWebhooks(); // whatever Sms:Provider is (docs/api.md: Twilio webhooks): without a Twilio auth token every request is refused
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.IsOperatorError(ex))
{
    // A bad setting or a port in use stops the host with one line that names the setting, not a stack trace.
    Console.Error.WriteLine($"Orleans.Sms cannot start: {StartupFailure.Describe(ex)}");
    return 1;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"Orleans.Sms cannot start: {ex}");
    return 1;
}
