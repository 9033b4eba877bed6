using Orleans.Sms.Testing.FakeTwilio;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>Command-line configuration of a <c>serve-engine</c> child: Twilio provider against the fake, own silo ports.</summary>
internal static class EngineArguments
{
    public const string AdminKey = "adm_benchmark_0123456789abcdef";

    public static List<string> Twilio(FakeTwilioServer twilio, int port, TimeSpan batchWindow) =>
    [
        "--Sms:Provider=Twilio",
        $"--Sms:PublicBaseUrl=http://127.0.0.1:{port}",
        $"--Sms:Twilio:AccountSid={twilio.AccountSid}",
        $"--Sms:Twilio:AuthToken={twilio.AuthToken}",
        $"--Sms:Twilio:BaseUrl={twilio.BaseUrl}",
        $"--Sms:AdminKey={AdminKey}",
        $"--Sms:Agent:BatchWindow={batchWindow:c}",
        "--Sms:Agent:AllowPrivateNetworks=true", // the benchmarks' agents listen on 127.0.0.1
        $"--Sms:Cluster:SiloPort={Ports.Free()}",
        $"--Sms:Cluster:GatewayPort={Ports.Free()}",
        "--Sms:Cluster:AdvertisedIPAddress=127.0.0.1",
        // The per-tenant API limit guards /v1, which only the set-up calls; webhooks are not limited.
        "--Sms:RateLimit:PermitsPerSecond=100000",
    ];
}
