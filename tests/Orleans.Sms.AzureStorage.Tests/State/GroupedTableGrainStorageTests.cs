using Azure.Core;
using Azure.Data.Tables;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Sms.AzureStorage.State;
using Orleans.Sms.AzureStorage.Tests.Infrastructure;
using Orleans.Storage;

namespace Orleans.Sms.AzureStorage.Tests.State;

/// <summary>
/// Grain state in rows of its own table: the writes of one owner that meet go in one transaction, each with the
/// optimistic concurrency of Orleans' own storage (insert once, then replace on the ETag).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class GroupedTableGrainStorageTests(AzuriteFixture azurite)
{
    private const string StateName = "recipient";
    private readonly RequestCounter _counter = new();
    private readonly RequestGate _gate = new();
    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public async Task Write_ManyOfOneOwnerWhileOneIsWritten_GoInOneTransactionAndReadBack()
    {
        var storage = await ReadyAsync();
        var held = HeldWriteAsync(storage, Grain("uc_1", 0), Fresh("first"));
        await _gate.Entered;

        var states = Enumerable.Range(1, 40).Select(i => Fresh($"value {i}")).ToList();
        var queued = states.Select((s, i) => storage.WriteStateAsync(StateName, Grain("uc_1", i + 1), s)).ToList();
        var before = _counter.Count;
        _gate.Release();
        await held;
        await Task.WhenAll(queued);

        Assert.Equal(1, _counter.Count - before);
        for (var i = 1; i <= 40; i++)
        {
            var read = await ReadAsync(storage, Grain("uc_1", i));
            Assert.True(read.RecordExists);
            Assert.Equal($"value {i}", read.State!.Value);
            // The ETag each writer was given is the row's, even from a transaction.
            Assert.Equal(read.ETag, states[i - 1].ETag);
        }
    }

    [Fact]
    public async Task Write_ETagsFromATransaction_LetEachGrainWriteAgain()
    {
        var storage = await ReadyAsync();
        var held = HeldWriteAsync(storage, Grain("uc_2", 0), Fresh("first"));
        await _gate.Entered;
        var states = Enumerable.Range(1, 10).Select(i => Fresh($"v{i}")).ToList();
        var queued = states.Select((s, i) => storage.WriteStateAsync(StateName, Grain("uc_2", i + 1), s)).ToList();
        _gate.Release();
        await Task.WhenAll(queued.Append(held));

        foreach (var (state, i) in states.Select((s, i) => (s, i)))
        {
            state.State!.Value = $"again {i + 1}";
        }
        await Task.WhenAll(states.Select((s, i) => storage.WriteStateAsync(StateName, Grain("uc_2", i + 1), s)));

        Assert.Equal("again 7", (await ReadAsync(storage, Grain("uc_2", 7))).State!.Value);
    }

    [Fact]
    public async Task Write_StaleETag_ThrowsInconsistentStateAndKeepsTheOtherWrite()
    {
        var storage = await ReadyAsync();
        var grain = Grain("uc_3", 1);
        await storage.WriteStateAsync(StateName, grain, Fresh("original"));
        var first = await ReadAsync(storage, grain);
        var second = await ReadAsync(storage, grain);

        first.State!.Value = "opted out";
        await storage.WriteStateAsync(StateName, grain, first);
        second.State!.Value = "stale";

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, second));
        Assert.Equal("opted out", (await ReadAsync(storage, grain)).State!.Value);
    }

    [Fact]
    public async Task Write_TwoFirstWritesOfOneGrain_SecondThrowsInconsistentState()
    {
        var storage = await ReadyAsync();
        var grain = Grain("uc_4", 1);
        var one = await ReadAsync(storage, grain);
        var other = await ReadAsync(storage, grain);
        Assert.False(one.RecordExists);

        one.State!.Value = "first";
        await storage.WriteStateAsync(StateName, grain, one);
        other.State!.Value = "second";

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, other));
        Assert.Equal("first", (await ReadAsync(storage, grain)).State!.Value);
    }

    [Fact]
    public async Task Write_OneStaleInAGroup_FailsThatWriteOnlyAndStoresTheRest()
    {
        var storage = await ReadyAsync();
        var stale = Grain("uc_5", 9);
        await storage.WriteStateAsync(StateName, stale, Fresh("kept"));
        var outdated = await ReadAsync(storage, stale);
        var current = await ReadAsync(storage, stale);
        current.State!.Value = "newer";
        await storage.WriteStateAsync(StateName, stale, current);

        var held = HeldWriteAsync(storage, Grain("uc_5", 0), Fresh("first"));
        await _gate.Entered;
        var good = Enumerable.Range(1, 5).Select(i => storage.WriteStateAsync(StateName, Grain("uc_5", i), Fresh($"good {i}"))).ToList();
        outdated.State!.Value = "lost update";
        var bad = storage.WriteStateAsync(StateName, stale, outdated);
        _gate.Release();
        await Task.WhenAll(good.Append(held));

        await Assert.ThrowsAsync<InconsistentStateException>(() => bad);
        Assert.Equal("newer", (await ReadAsync(storage, stale)).State!.Value);
        Assert.Equal("good 3", (await ReadAsync(storage, Grain("uc_5", 3))).State!.Value);
    }

    [Fact]
    public async Task Clear_RemovesTheRow_AndTheNextWriteInsertsAgain()
    {
        var storage = await ReadyAsync();
        var grain = Grain("uc_6", 1);
        var state = Fresh("there");
        await storage.WriteStateAsync(StateName, grain, state);

        await storage.ClearStateAsync(StateName, grain, state);

        var read = await ReadAsync(storage, grain);
        Assert.False(read.RecordExists);
        Assert.Null(read.State!.Value);
        read.State!.Value = "back";
        await storage.WriteStateAsync(StateName, grain, read);
        Assert.Equal("back", (await ReadAsync(storage, grain)).State!.Value);
    }

    [Fact]
    public void Keys_OwnerAndName_PartitionByStateAndOwner()
    {
        var (partition, row) = GroupedTableGrainStorage.Keys(StateName, GrainId.Create("recipient", "uc_1|+15550100000"));

        Assert.Equal("recipient|uc_1", partition);
        Assert.Equal("+15550100000", row);
    }

    /// <summary>A storage whose table exists, on a client that counts its requests and can hold one.</summary>
    private async Task<GroupedTableGrainStorage> ReadyAsync()
    {
        var options = new TableClientOptions();
        options.AddPolicy(_counter, HttpPipelinePosition.PerRetry);
        options.AddPolicy(_gate, HttpPipelinePosition.PerRetry);
        var storage = new GroupedTableGrainStorage(
            new GroupedWrites(new LazyTable(azurite.NewServiceClient(options), AzuriteFixture.NewPrefix() + "recipients")),
            new OrleansGrainStorageSerializer(_serializer));
        await ReadAsync(storage, Grain("warm-up", 0)); // creates the table
        return storage;
    }

    private Task HeldWriteAsync(GroupedTableGrainStorage storage, GrainId grain, GrainState<TestStanding> state)
    {
        _gate.Hold();
        return storage.WriteStateAsync(StateName, grain, state);
    }

    private static async Task<GrainState<TestStanding>> ReadAsync(GroupedTableGrainStorage storage, GrainId grain)
    {
        var state = new GrainState<TestStanding>(new TestStanding());
        await storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    private static GrainState<TestStanding> Fresh(string value) => new(new TestStanding { Value = value });

    private static GrainId Grain(string owner, int i) => GrainId.Create("recipient", $"{owner}|+1555020{i:D4}");
}

[GenerateSerializer, Alias("sms.tests.TestStanding")]
public sealed class TestStanding
{
    [Id(0)] public string? Value { get; set; }
}
