using Microsoft.Extensions.Options;
using Orleans.Sms.AzureStorage;

namespace Orleans.Sms.Host.Hosting;

/// <summary>Top-level engine settings (CONTRACT §1). Bound from <c>Sms</c>.</summary>
public sealed class SmsHostOptions
{
    public const string SectionName = "Sms";
    public const string MemoryStorage = "Memory";
    public const string AzureStorageMode = "AzureStorage";
    public const string SimulatorProvider = "Simulator";
    public const string TwilioProvider = "Twilio";

    public string Storage { get; set; } = MemoryStorage;
    public string Provider { get; set; } = SimulatorProvider;
    public string? PublicBaseUrl { get; set; }
    public string? AdminKey { get; set; }
    public TwilioSettings Twilio { get; set; } = new();
    public ClusterSettings Cluster { get; set; } = new();

    public bool IsMemory => string.Equals(Storage, MemoryStorage, StringComparison.OrdinalIgnoreCase);
    public bool IsSimulator => string.Equals(Provider, SimulatorProvider, StringComparison.OrdinalIgnoreCase);

    public sealed class TwilioSettings
    {
        public string? AccountSid { get; set; }
        public string? AuthToken { get; set; }
        public string? BaseUrl { get; set; }
    }

    /// <summary>Ports of the embedded silo (not in the contract: needed to run two hosts on one machine).</summary>
    public sealed class ClusterSettings
    {
        public int SiloPort { get; set; } = 11111;
        public int GatewayPort { get; set; } = 30000;

        /// <summary>Silos with the same cluster and service ids form one cluster (AzureStorage mode).</summary>
        public string ClusterId { get; set; } = "orleans-sms";
        public string ServiceId { get; set; } = "orleans-sms";

        /// <summary>The address other silos reach this one at; null lets Orleans pick the first non-loopback address.</summary>
        public string? AdvertisedIPAddress { get; set; }
    }

    /// <summary>Prefix of every table (AzureStorage mode), so several engines can share one storage account.</summary>
    public AzureStorageSettings AzureStorage { get; set; } = new();

    public sealed class AzureStorageSettings
    {
        public string TablePrefix { get; set; } = "sms";
    }
}

internal sealed class SmsHostOptionsValidator(IConfiguration configuration) : IValidateOptions<SmsHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsHostOptions options)
    {
        var failures = new List<string>();
        OptionChecks.OneOf(failures, "Sms:Storage", options.Storage, SmsHostOptions.MemoryStorage, SmsHostOptions.AzureStorageMode);
        OptionChecks.OneOf(failures, "Sms:Provider", options.Provider, SmsHostOptions.SimulatorProvider, SmsHostOptions.TwilioProvider);
        if (string.Equals(options.Storage, SmsHostOptions.AzureStorageMode, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("AzureStorage")))
            {
                failures.Add("ConnectionStrings:AzureStorage is required when Sms:Storage=AzureStorage.");
            }
            if (SmsTableNames.PrefixProblem(options.AzureStorage.TablePrefix) is { } prefix)
            {
                failures.Add($"Sms:AzureStorage:TablePrefix {prefix}");
            }
            if (string.IsNullOrEmpty(options.AdminKey) && string.IsNullOrEmpty(configuration["Sms:ApiKeys:HashKey"]))
            {
                failures.Add("Sms:AdminKey (or Sms:ApiKeys:HashKey) is required when Sms:Storage=AzureStorage: API keys are hashed under it.");
            }
        }
        if (options.Cluster.AdvertisedIPAddress is { } ip && !System.Net.IPAddress.TryParse(ip, out _))
        {
            failures.Add($"Sms:Cluster:AdvertisedIPAddress must be an IP address (got '{ip}').");
        }
        if (string.Equals(options.Provider, SmsHostOptions.TwilioProvider, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.Twilio.AccountSid)) failures.Add("Sms:Twilio:AccountSid is required when Sms:Provider=Twilio.");
            if (string.IsNullOrWhiteSpace(options.Twilio.AuthToken)) failures.Add("Sms:Twilio:AuthToken is required when Sms:Provider=Twilio.");
            if (string.IsNullOrWhiteSpace(options.PublicBaseUrl)) failures.Add("Sms:PublicBaseUrl is required when Sms:Provider=Twilio: Twilio needs it to reach the webhooks.");
        }
        CheckUrl(failures, "Sms:PublicBaseUrl", options.PublicBaseUrl);
        CheckUrl(failures, "Sms:Twilio:BaseUrl", options.Twilio.BaseUrl);
        CheckPort(failures, "Sms:Cluster:SiloPort", options.Cluster.SiloPort);
        CheckPort(failures, "Sms:Cluster:GatewayPort", options.Cluster.GatewayPort);
        PortAvailability.Check(failures, "Sms:Cluster:SiloPort", options.Cluster.SiloPort);
        PortAvailability.Check(failures, "Sms:Cluster:GatewayPort", options.Cluster.GatewayPort);
        PortAvailability.CheckHttp(failures, configuration);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrl(List<string> failures, string key, string? value)
    {
        if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            failures.Add($"{key} must be an absolute http(s) URL (got '{value}').");
        }
    }

    private static void CheckPort(List<string> failures, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{key} must be a port between 1 and 65535 (got '{port}').");
        }
    }
}
