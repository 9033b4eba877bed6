using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Sms.Hosting;

/// <summary>Puts a silo's grain state and reminders in memory: <c>Sms:Storage=Memory</c>, the embedded default (README.md: Configuration).</summary>
public static class MemoryStorageSiloBuilderExtensions
{
    /// <summary>
    /// The <c>sms</c> and <c>sms-recipients</c> grain storages and the reminder table in the silo's memory (gone when the process ends). State is
    /// written with Orleans' own serializer, as on Azure tables: exact round trips of every <c>[GenerateSerializer]</c>
    /// state type, so a conversation reads back the same in both modes. Clustering is the caller's.
    /// </summary>
    /// <param name="silo">The silo.</param>
    public static ISiloBuilder UseSmsMemoryStorage(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        foreach (var name in (string[])[SmsStorage.State, SmsStorage.Recipients])
        {
            silo.AddMemoryGrainStorage(name);
            silo.Services.AddOptions<MemoryGrainStorageOptions>(name).Configure<IServiceProvider>((o, sp) =>
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()));
        }
        silo.UseInMemoryReminderService();
        return silo;
    }
}
