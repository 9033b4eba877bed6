using Microsoft.Extensions.Options;
using Orleans.Sms.AzureStorage;
using Orleans.Sms.Hosting;

namespace Orleans.Sms.Host.Hosting;

/// <summary>Top-level engine settings (README.md: Configuration). Bound from <c>Sms</c>.</summary>
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

    /// <summary>Ports, ids and advertised address of the embedded silo (not in the contract: needed to run two hosts on one machine).</summary>
    public SmsSiloEndpoints Cluster { get; set; } = new();

    public bool IsSimulator => string.Equals(Provider, SimulatorProvider, StringComparison.OrdinalIgnoreCase);

    public sealed class TwilioSettings
    {
        public string? AccountSid { get; set; }
        public string? AuthToken { get; set; }
        public string? BaseUrl { get; set; }
    }

    /// <summary>Prefix of every table (AzureStorage mode), so several engines can share one storage account.</summary>
    public AzureStorageSettings AzureStorage { get; set; } = new();

    public sealed class AzureStorageSettings
    {
        public string TablePrefix { get; set; } = SmsTableNames.DefaultPrefix;
    }

    /// <summary>
    /// The silo these settings describe. A <see cref="Storage"/> or <see cref="Provider"/> outside the known names maps to
    /// the default: the validator reports it, and no silo is built from it.
    /// </summary>
    /// <param name="azureStorageConnectionString"><c>ConnectionStrings:AzureStorage</c>.</param>
    internal SmsSiloOptions ToSiloOptions(string? azureStorageConnectionString) => new()
    {
        Storage = string.Equals(Storage, AzureStorageMode, StringComparison.OrdinalIgnoreCase) ? SmsStorageMode.AzureStorage : SmsStorageMode.Memory,
        Provider = string.Equals(Provider, TwilioProvider, StringComparison.OrdinalIgnoreCase) ? SmsProvider.Twilio : SmsProvider.Simulator,
        AzureStorageConnectionString = azureStorageConnectionString,
        AzureStorageTablePrefix = AzureStorage.TablePrefix,
        Endpoints = Cluster,
    };
}

internal sealed class SmsHostOptionsValidator(IConfiguration configuration) : IValidateOptions<SmsHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsHostOptions options)
    {
        var failures = new List<string>();
        OptionChecks.OneOf(failures, "Sms:Storage", options.Storage, SmsHostOptions.MemoryStorage, SmsHostOptions.AzureStorageMode);
        OptionChecks.OneOf(failures, "Sms:Provider", options.Provider, SmsHostOptions.SimulatorProvider, SmsHostOptions.TwilioProvider);
        // Storage, table prefix, connection string and the silo's endpoints are the silo's to check, in the same words.
        var silo = options.ToSiloOptions(configuration.GetConnectionString("AzureStorage"));
        failures.AddRange(new SmsSiloOptionsValidator().Validate(null, silo).Failures ?? []);
        if (silo.Storage == SmsStorageMode.AzureStorage
            && string.IsNullOrEmpty(options.AdminKey) && string.IsNullOrEmpty(configuration["Sms:ApiKeys:HashKey"]))
        {
            failures.Add("Sms:AdminKey (or Sms:ApiKeys:HashKey) is required when Sms:Storage=AzureStorage: API keys are hashed under it.");
        }
        if (string.Equals(options.Provider, SmsHostOptions.TwilioProvider, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.Twilio.AccountSid)) failures.Add("Sms:Twilio:AccountSid is required when Sms:Provider=Twilio.");
            if (string.IsNullOrWhiteSpace(options.Twilio.AuthToken)) failures.Add("Sms:Twilio:AuthToken is required when Sms:Provider=Twilio.");
            if (string.IsNullOrWhiteSpace(options.PublicBaseUrl)) failures.Add("Sms:PublicBaseUrl is required when Sms:Provider=Twilio: Twilio needs it to reach the webhooks.");
        }
        CheckUrl(failures, "Sms:PublicBaseUrl", options.PublicBaseUrl);
        CheckUrl(failures, "Sms:Twilio:BaseUrl", options.Twilio.BaseUrl);
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
}
