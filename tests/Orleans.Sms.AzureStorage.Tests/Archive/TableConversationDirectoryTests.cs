using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Tests.Archive;

/// <summary>
/// The Azure Tables conversation directory: saves of one tenant that arrive while one is written go together in one
/// transaction, and each save completes only when its row is stored.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableConversationDirectoryTests(AzuriteFixture azurite)
{
    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private readonly RequestCounter _counter = new();
    private readonly RequestGate _gate = new();

    [Fact]
    public async Task Save_WhileOneOfTheTenantIsWritten_WaitsAndGoesWithTheOthersInOneTransaction()
    {
        var directory = await ReadyAsync();
        var held = HeldSaveAsync(directory, Summary("acme", 0));
        await _gate.Entered;

        var queued = Enumerable.Range(1, 40).Select(i => directory.SaveAsync(Summary("acme", i))).ToList();
        Assert.All(queued, save => Assert.False(save.IsCompleted));
        var before = _counter.Count;
        _gate.Release();
        await held;
        await Task.WhenAll(queued);

        // The held request, then the 40 that queued behind it in one $batch.
        Assert.Equal(1, _counter.Count - before);
        var page = await directory.ListAsync("acme", new ConversationFilter(), null, 100);
        Assert.Equal(Enumerable.Range(0, 41).Select(Id), page.Conversations.Select(c => c.ConversationId));
    }

    [Fact]
    public async Task Save_MoreThanATransactionHoldsQueued_GoesInTransactionsOfAHundredRows()
    {
        var directory = await ReadyAsync();
        var held = HeldSaveAsync(directory, Summary("acme", 0));
        await _gate.Entered;

        var queued = Enumerable.Range(1, 250).Select(i => directory.SaveAsync(Summary("acme", i))).ToList();
        var before = _counter.Count;
        _gate.Release();
        await held;
        await Task.WhenAll(queued);

        Assert.Equal(3, _counter.Count - before);
        Assert.Equal(251, (await directory.ListAsync("acme", new ConversationFilter(), null, 1000)).Conversations.Count);
    }

    [Fact]
    public async Task Save_SameConversationQueuedTwice_StoresTheLaterAndCompletesBoth()
    {
        var directory = await ReadyAsync();
        var held = HeldSaveAsync(directory, Summary("acme", 0));
        await _gate.Entered;

        var first = directory.SaveAsync(Summary("acme", 1) with { Status = ConversationStatus.InProgress });
        var other = directory.SaveAsync(Summary("acme", 2));
        var later = directory.SaveAsync(Summary("acme", 1) with { Status = ConversationStatus.Completed });
        _gate.Release();
        await Task.WhenAll(held, first, other, later);

        var page = await directory.ListAsync("acme", new ConversationFilter(), null, 10);
        Assert.Equal(ConversationStatus.Completed, page.Conversations.Single(c => c.ConversationId == Id(1)).Status);
        Assert.Equal(3, page.Conversations.Count);
    }

    [Fact]
    public async Task Save_OtherTenant_DoesNotWaitBehindATenantBeingWritten()
    {
        var directory = await ReadyAsync();
        var held = HeldSaveAsync(directory, Summary("acme", 0));
        await _gate.Entered;

        await directory.SaveAsync(Summary("globex", 1));

        Assert.False(held.IsCompleted);
        Assert.Single((await directory.ListAsync("globex", new ConversationFilter(), null, 10)).Conversations);
        _gate.Release();
        await held;
    }

    [Fact]
    public async Task Save_OneRowStorageRefuses_FailsThatSaveOnlyAndStoresTheRest()
    {
        var directory = await ReadyAsync();
        var held = HeldSaveAsync(directory, Summary("acme", 0));
        await _gate.Entered;

        var good = Enumerable.Range(1, 5).Select(i => directory.SaveAsync(Summary("acme", i))).ToList();
        // A string property over Azure Tables' 64 KiB: storage refuses the row, and with it a whole transaction.
        var bad = directory.SaveAsync(Summary("acme", 6) with { UseCaseId = new string('u', 40_000) });
        _gate.Release();
        await held;
        await Task.WhenAll(good);

        await Assert.ThrowsAnyAsync<RequestFailedException>(() => bad);
        var page = await directory.ListAsync("acme", new ConversationFilter(), null, 10);
        Assert.Equal(Enumerable.Range(0, 6).Select(Id), page.Conversations.Select(c => c.ConversationId));
    }

    [Fact]
    public async Task Save_StorageDown_FailsEveryWaitingSaveAndLeavesTheTenantFreeForTheNext()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        var down = new TableServiceClient(
            azurite.ConnectionString.Replace($":{azurite.Port}/", $":{ClosedPort()}/", StringComparison.Ordinal), options);
        var directory = new TableConversationDirectory(down, _prefix);

        var saves = Enumerable.Range(0, 5).Select(i => directory.SaveAsync(Summary("acme", i))).ToList();
        foreach (var save in saves)
        {
            await Assert.ThrowsAnyAsync<RequestFailedException>(() => save);
        }
        // Not stuck behind the failed group: the next save is tried (and fails the same way).
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => directory.SaveAsync(Summary("acme", 9)));
    }

    [Fact]
    public async Task Save_CallerStopsWaiting_RowIsStillStoredAndOthersComplete()
    {
        var directory = await ReadyAsync();
        var held = HeldSaveAsync(directory, Summary("acme", 0));
        await _gate.Entered;

        using var cancel = new CancellationTokenSource();
        var abandoned = directory.SaveAsync(Summary("acme", 1), cancel.Token);
        var other = directory.SaveAsync(Summary("acme", 2));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        _gate.Release();
        await Task.WhenAll(held, other);

        Assert.Equal(3, (await directory.ListAsync("acme", new ConversationFilter(), null, 10)).Conversations.Count);
    }

    /// <summary>A directory whose table exists, on a client that counts its requests and can hold one.</summary>
    private async Task<TableConversationDirectory> ReadyAsync()
    {
        var options = new TableClientOptions();
        options.AddPolicy(_counter, HttpPipelinePosition.PerRetry);
        options.AddPolicy(_gate, HttpPipelinePosition.PerRetry);
        var directory = new TableConversationDirectory(azurite.NewServiceClient(options), _prefix);
        await directory.ListAsync("warm-up", new ConversationFilter(), null, 1); // creates the table
        return directory;
    }

    /// <summary>Starts <paramref name="summary"/>'s save with its request held at the gate.</summary>
    private Task HeldSaveAsync(TableConversationDirectory directory, ConversationSummary summary)
    {
        _gate.Hold();
        return directory.SaveAsync(summary);
    }

    private static string Id(int i) => $"conv_{i:D32}";

    private static ConversationSummary Summary(string tenant, int i) => new(
        Id(i), tenant, "test", "uc_1", "+15550100000", $"+1555020{i:D4}", ConversationStatus.InProgress, true,
        SessionState.Active, new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
