using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Sms.Archive;
using Orleans.Sms.AzureStorage;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.AzureStorage.Health;

namespace Orleans.Sms.Hosting;

/// <summary>Registers the Azure Table Storage message archive.</summary>
public static class AzureStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AzureStorageOptions"/> (validated at start-up), a <see cref="TableServiceClient"/> keyed
    /// <see cref="AzureStorageOptions.TableServiceKey"/>, <see cref="TableMessageArchive"/> as the
    /// <see cref="IMessageArchive"/> (a plain registration, so it wins over the memory default that
    /// <c>AddSmsGrainServices</c> only tries to add) and <see cref="TableStorageReadiness"/> (with a client of its own that does not retry).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionString">Azure Storage connection string; a missing one stops the host at start-up with a one-line reason.</param>
    /// <param name="tablePrefix">Prefix of the table names (letters and digits, starting with a letter).</param>
    public static IServiceCollection AddAzureTableArchive(
        this IServiceCollection services, string connectionString, string tablePrefix = SmsTableNames.DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<AzureStorageOptions>().Configure(o =>
        {
            o.ConnectionString = connectionString;
            o.TablePrefix = tablePrefix;
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureStorageOptions>, AzureStorageOptionsValidator>());

        // One client (one connection pool) for the archive and the Orleans providers.
        services.AddKeyedSingleton(AzureStorageOptions.TableServiceKey, (sp, _) =>
            new TableServiceClient(sp.GetRequiredService<IOptions<AzureStorageOptions>>().Value.ConnectionString));
        services.AddSingleton(sp => new TableMessageArchive(
            sp.GetRequiredKeyedService<TableServiceClient>(AzureStorageOptions.TableServiceKey),
            sp.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TablePrefix,
            sp.GetKeyedService<TimeProvider>(SmsClock.Key),
            logger: TablesLogger(sp)));
        services.AddSingleton<IMessageArchive>(sp => sp.GetRequiredService<TableMessageArchive>());
        services.AddSingleton<IConversationDirectory>(sp => new TableConversationDirectory(
            sp.GetRequiredKeyedService<TableServiceClient>(AzureStorageOptions.TableServiceKey),
            sp.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TablePrefix,
            TablesLogger(sp)));
        services.AddSingleton<Orleans.Sms.Contacts.IContactStore>(sp => new Orleans.Sms.AzureStorage.Contacts.TableContactStore(
            sp.GetRequiredKeyedService<TableServiceClient>(AzureStorageOptions.TableServiceKey),
            sp.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TablePrefix,
            TablesLogger(sp)));
        services.AddSingleton<Orleans.Sms.Campaigns.ICampaignStore>(sp => new Orleans.Sms.AzureStorage.Campaigns.TableCampaignStore(
            sp.GetRequiredKeyedService<TableServiceClient>(AzureStorageOptions.TableServiceKey),
            sp.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TablePrefix,
            TablesLogger(sp)));
        services.TryAddSingleton(sp => TableStorageReadiness.ForConnectionString(
            sp.GetRequiredService<IOptions<AzureStorageOptions>>().Value.ConnectionString!));
        return services;
    }

    /// <summary>One log category for every table of the engine (a table created again after it went missing is a warning there).</summary>
    private static ILogger? TablesLogger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger("Orleans.Sms.AzureStorage.Tables");
}
