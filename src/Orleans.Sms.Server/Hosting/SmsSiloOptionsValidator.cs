using System.Net;
using Orleans.Sms.AzureStorage;

namespace Orleans.Sms.Hosting;

/// <summary>Collects every problem of <see cref="SmsSiloOptions"/>, each naming its configuration key.</summary>
internal sealed class SmsSiloOptionsValidator : IValidateOptions<SmsSiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsSiloOptions options)
    {
        var failures = new List<string>();
        Defined(failures, "Sms:Storage", options.Storage);
        Defined(failures, "Sms:Provider", options.Provider);
        if (options.Storage == SmsStorageMode.AzureStorage)
        {
            if (string.IsNullOrWhiteSpace(options.AzureStorageConnectionString))
            {
                failures.Add($"{AzureStorageOptions.ConnectionStringKey} is required when Sms:Storage=AzureStorage.");
            }
            if (SmsTableNames.PrefixProblem(options.AzureStorageTablePrefix) is { } prefix)
            {
                failures.Add($"{AzureStorageOptions.TablePrefixKey} {prefix}");
            }
        }
        if (options.Endpoints is { } endpoints)
        {
            if (endpoints.AdvertisedIPAddress is { } ip && !IPAddress.TryParse(ip, out _))
            {
                failures.Add($"Sms:Cluster:AdvertisedIPAddress must be an IP address (got '{ip}').");
            }
            Port(failures, "Sms:Cluster:SiloPort", endpoints.SiloPort);
            Port(failures, "Sms:Cluster:GatewayPort", endpoints.GatewayPort);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure, or returns the options.</summary>
    public static SmsSiloOptions Validated(SmsSiloOptions options)
    {
        var result = new SmsSiloOptionsValidator().Validate(null, options);
        return result.Failed
            ? throw new OptionsValidationException(nameof(SmsSiloOptions), typeof(SmsSiloOptions), result.Failures)
            : options;
    }

    private static void Defined<T>(List<string> failures, string key, T value) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            failures.Add($"{key} must be one of {string.Join(", ", Enum.GetNames<T>())} (got '{value}').");
        }
    }

    private static void Port(List<string> failures, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{key} must be a port between 1 and 65535 (got '{port}').");
        }
    }
}
