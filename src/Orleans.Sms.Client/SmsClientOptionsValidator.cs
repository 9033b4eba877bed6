using Microsoft.Extensions.Options;
using Orleans.Sms.AzureStorage;
using Orleans.Sms.Events;

namespace Orleans.Sms.Client;

/// <summary>Checks <see cref="SmsClientOptions"/> and reports every failure at once, naming the configuration key.</summary>
internal sealed class SmsClientOptionsValidator : IValidateOptions<SmsClientOptions>
{
    private static readonly string[] Environments = ["dev", "sandbox", "live"];

    public ValidateOptionsResult Validate(string? name, SmsClientOptions options)
    {
        const string key = SmsClientOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TenantId))
        {
            failures.Add($"{key}:TenantId is required.");
        }
        if (!Environments.Contains(options.Environment, StringComparer.Ordinal))
        {
            failures.Add($"{key}:Environment must be one of {string.Join(", ", Environments)} (got '{options.Environment}').");
        }
        if (options.Mode == SmsClusterMode.Memory)
        {
            foreach (var port in options.EffectiveGatewayPorts.Where(p => p is < 1 or > 65535))
            {
                failures.Add($"{key}:GatewayPorts must be ports between 1 and 65535 (got '{port}').");
            }
        }
        else if (options.Mode == SmsClusterMode.AzureStorage)
        {
            if (string.IsNullOrWhiteSpace(options.AzureStorageConnectionString))
            {
                failures.Add($"{key}:AzureStorageConnectionString is required when {key}:Mode=AzureStorage.");
            }
            if (SmsTableNames.PrefixProblem(options.AzureStorageTablePrefix) is { } problem)
            {
                failures.Add($"{key}:AzureStorageTablePrefix {problem}.");
            }
        }
        else
        {
            failures.Add($"{key}:Mode must be Memory or AzureStorage (got '{options.Mode}').");
        }
        if (options.ConnectTimeout < TimeSpan.Zero)
        {
            failures.Add($"{key}:ConnectTimeout must not be negative.");
        }
        if (options.EventRenewalInterval <= TimeSpan.Zero || options.EventRenewalInterval >= TenantEventsPolicy.SubscriptionExpiry)
        {
            failures.Add($"{key}:EventRenewalInterval must be above zero and below the hub's expiry of {TenantEventsPolicy.SubscriptionExpiry}.");
        }
        if (options.EventBufferCapacity < 1)
        {
            failures.Add($"{key}:EventBufferCapacity must be at least 1.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
