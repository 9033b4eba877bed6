using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Orleans.Sms.AzureStorage;

/// <summary>Where the engine keeps its data when <c>Sms:Storage=AzureStorage</c> (README.md: Configuration).</summary>
public sealed class AzureStorageOptions
{
    /// <summary>Configuration key of the connection string.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:AzureStorage";

    /// <summary>Configuration key of the table prefix.</summary>
    public const string TablePrefixKey = "Sms:AzureStorage:TablePrefix";

    /// <summary>DI key of the <see cref="TableServiceClient"/> shared by the archive and the Orleans providers.</summary>
    public const string TableServiceKey = "Orleans.Sms.AzureStorage";

    /// <summary>Azure Storage connection string, e.g. <c>UseDevelopmentStorage=true</c> for Azurite on its default port.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every table the engine creates (see <see cref="SmsTableNames"/>); lets several engines or test runs share one account.</summary>
    public string TablePrefix { get; set; } = SmsTableNames.DefaultPrefix;
}

/// <summary>Collects every problem of <see cref="AzureStorageOptions"/>, each naming its configuration key.</summary>
internal sealed class AzureStorageOptionsValidator : IValidateOptions<AzureStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{AzureStorageOptions.ConnectionStringKey} is required when Sms:Storage=AzureStorage (e.g. UseDevelopmentStorage=true for Azurite).");
        }
        else if (!IsConnectionString(options.ConnectionString))
        {
            // The value is a secret: never echo it.
            failures.Add($"{AzureStorageOptions.ConnectionStringKey} is not a valid Azure Storage connection string.");
        }
        if (SmsTableNames.PrefixProblem(options.TablePrefix) is { } problem)
        {
            failures.Add($"{AzureStorageOptions.TablePrefixKey} {problem} (got '{options.TablePrefix}').");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsConnectionString(string value)
    {
        try
        {
            _ = new TableServiceClient(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
