using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Sms.AzureStorage;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.AzureStorage.Health;
using Orleans.Sms.AzureStorage.State;
using Microsoft.Extensions.Logging;

namespace Orleans.Sms.Hosting;

/// <summary>Puts a silo on Azure Table Storage: <c>Sms:Storage=AzureStorage</c> (README.md: Configuration).</summary>
public static class AzureStorageSiloBuilderExtensions
{
    /// <summary>
    /// Orleans clustering, the <c>sms</c> grain storage (and <c>sms-recipients</c>, grouped) and reminders in Azure Table Storage, plus the message archive
    /// (<see cref="AzureStorageServiceCollectionExtensions.AddAzureTableArchive"/>). Every table is named from
    /// <paramref name="tablePrefix"/> (<see cref="SmsTableNames"/>), so several engines or test runs can share an account.
    /// The <see cref="AzureStorage.Health.TableStorageReadiness"/> it registers requires Orleans' three tables, which
    /// Orleans creates only when the silo starts.
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="connectionString">Azure Storage connection string (<c>ConnectionStrings:AzureStorage</c>).</param>
    /// <param name="tablePrefix">Prefix of the table names (letters and digits, starting with a letter).</param>
    public static ISiloBuilder UseSmsAzureStorage(
        this ISiloBuilder silo, string connectionString, string tablePrefix = SmsTableNames.DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var names = new SmsTableNames(tablePrefix);
        // Orleans' providers create their tables only at start: readiness requires them (the engine's own come back by themselves).
        silo.Services.TryAddSingleton(sp => TableStorageReadiness.ForConnectionString(
            sp.GetRequiredService<IOptions<AzureStorageOptions>>().Value.ConnectionString!,
            requiredTables: [names.Silos, names.GrainState, names.Reminders]));
        silo.Services.AddAzureTableArchive(connectionString, tablePrefix);
        // The Orleans providers share the archive's client, created only once the options passed validation.
        silo.UseAzureStorageClustering(options => options.Configure<IServiceProvider>((o, sp) =>
        {
            o.TableServiceClient = SharedClient(sp);
            o.TableName = names.Silos;
        }));
        silo.AddAzureTableGrainStorage(SmsStorage.State, options => options.Configure<IServiceProvider>((o, sp) =>
        {
            o.TableServiceClient = SharedClient(sp);
            o.TableName = names.GrainState;
            // Orleans' own serializer: it round-trips every [GenerateSerializer] state type exactly (the default JSON one
            // cannot read back some collection types the compiler generates, which made such state unloadable).
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>());
        }));
        // Recipients: a row each in a table of their own, the writes of one use case grouped (GroupedTableGrainStorage).
        silo.Services.AddKeyedSingleton<IGrainStorage>(SmsStorage.Recipients, (sp, _) => new GroupedTableGrainStorage(
            new GroupedWrites(new LazyTable(SharedClient(sp), names.Recipients, sp.GetService<ILoggerFactory>()?.CreateLogger("Orleans.Sms.AzureStorage.Tables"))),
            new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
        silo.UseAzureTableReminderService(options => options.Configure<IServiceProvider>((o, sp) =>
        {
            o.TableServiceClient = SharedClient(sp);
            o.TableName = names.Reminders;
        }));
        return silo;
    }

    // Resolving the client reads the validated options: a bad configuration surfaces as the validator's message.
    private static TableServiceClient SharedClient(IServiceProvider services) =>
        services.GetRequiredKeyedService<TableServiceClient>(AzureStorageOptions.TableServiceKey);
}
