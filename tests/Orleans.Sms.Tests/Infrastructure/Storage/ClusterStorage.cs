using Azure.Data.Tables;
using Orleans.Sms.Archive;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Contacts;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.Hosting;
using Orleans.Sms.Testing.Azurite;

namespace Orleans.Sms.Tests.Infrastructure.Storage;

/// <summary>
/// One of the engine's storage modes (README.md: Configuration <c>Sms:Storage</c>) as a test cluster's silos use it: the options the
/// host's own <c>AddSmsSilo</c> builds its silo from, so the behavioural suite runs unchanged against each. The test
/// cluster sets each silo's endpoints and membership (<see cref="SmsSiloOptions.Endpoints"/> is null).
/// </summary>
public abstract class ClusterStorage : IAsyncDisposable
{
    /// <summary>The message archive the silos write, as the tests read it.</summary>
    public abstract IMessageArchive Archive { get; }

    /// <summary>The engine's clock (unrouted messages expire by it); set before <see cref="StartAsync"/>.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Starts what the mode needs outside the silos (e.g. Azurite).</summary>
    public virtual Task StartAsync() => Task.CompletedTask;

    /// <summary>What <c>AddSmsSilo</c> builds each silo from (available once started).</summary>
    public abstract SmsSiloOptions SiloOptions { get; }

    /// <summary>Registers what the silos share beyond the options, before <c>AddSmsSilo</c> (so it wins over its defaults).</summary>
    public virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// <c>Sms:Storage=Memory</c>: Orleans' memory grain storage and reminder table, and the memory archive. The silos of a
/// test cluster stand in for one process, so they share one archive (and one campaign store, contact store and
/// conversation directory); state and reminders live in Orleans' own memory
/// grains and are lost with the silo that holds them.
/// </summary>
public sealed class MemoryClusterStorage : ClusterStorage
{
    private MemoryMessageArchive? _archive;

    /// <summary>
    /// Made once in <see cref="StartAsync"/>, not lazily: the test cluster configures its silos in parallel, and a lazy
    /// <c>??=</c> there once gave two silos two archives (one silo's conversations archived where no test reads).
    /// </summary>
    public override IMessageArchive Archive => _archive ?? throw new InvalidOperationException("Not started.");

    public override Task StartAsync()
    {
        _archive = new MemoryMessageArchive(Clock);
        return Task.CompletedTask;
    }

    // The stores a memory host keeps in its process, shared by the silos like the archive: a campaign (or a contact's
    // reader) that moves to the other silo finds what it stored on the first.
    private readonly MemoryCampaignStore _campaigns = new();
    private readonly MemoryContactStore _contacts = new();
    private readonly MemoryConversationDirectory _directory = new();

    public override SmsSiloOptions SiloOptions { get; } = new() { Storage = SmsStorageMode.Memory, Endpoints = null };

    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Archive);
        services.AddSingleton<ICampaignStore>(_campaigns);
        services.AddSingleton<IContactStore>(_contacts);
        services.AddSingleton<IConversationDirectory>(_directory);
    }
}

/// <summary>
/// <c>Sms:Storage=AzureStorage</c>: grain state, reminders, archive and conversation directory in Azure tables on an
/// Azurite of the cluster's own, under a table prefix of its own. The test cluster keeps its in-process membership (it
/// registers it after ours); Azure clustering is proven with real hosts elsewhere.
/// </summary>
public sealed class AzureClusterStorage : ClusterStorage
{
    private readonly string _prefix = AzuriteServer.NewPrefix("behaviour");
    private AzuriteServer? _azurite;
    private TableMessageArchive? _archive;

    public override IMessageArchive Archive => _archive ?? throw new InvalidOperationException("Not started.");

    public override SmsSiloOptions SiloOptions => new()
    {
        Storage = SmsStorageMode.AzureStorage,
        AzureStorageConnectionString = _azurite?.ConnectionString ?? throw new InvalidOperationException("Not started."),
        AzureStorageTablePrefix = _prefix,
        Endpoints = null,
    };

    public override async Task StartAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        _archive = new TableMessageArchive(new TableServiceClient(_azurite.ConnectionString), _prefix, Clock);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
