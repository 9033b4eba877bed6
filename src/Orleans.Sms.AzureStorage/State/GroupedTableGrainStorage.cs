using Azure;
using Azure.Data.Tables;
using Orleans.Runtime;
using Orleans.Sms.AzureStorage.Archive;
using Orleans.Storage;

namespace Orleans.Sms.AzureStorage.State;

/// <summary>
/// Grain storage for many small grains of one owner whose writes come together (the recipients a campaign step sends
/// to): one row per grain in a table of its own, written through <see cref="GroupedWrites"/>, so the writes of one
/// partition that meet go in one transaction instead of one request each (Orleans' table storage writes one grain per
/// request). The grain's string key <c>{owner}|{name}</c> is the row's partition (with the state's name) and row key.
/// </summary>
/// <remarks>
/// Optimistic concurrency as Orleans' own storage keeps it: a first write inserts (and fails if another activation
/// inserted meanwhile), later writes replace on the ETag read or last written; a refused write throws
/// <see cref="InconsistentStateException"/>. The state is serialized by <paramref name="serializer"/> into one binary
/// property, so it stays small (a recipient's standing is a few dozen bytes).
/// </remarks>
internal sealed class GroupedTableGrainStorage(GroupedWrites writes, IGrainStorageSerializer serializer) : IGrainStorage
{
    private const string Data = "Data";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partition, row) = Keys(stateName, grainId);
        var found = await writes.Table.RunAsync(
            t => t.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: CancellationToken.None), CancellationToken.None);
        if (found.HasValue && found.Value is { } entity)
        {
            grainState.State = serializer.Deserialize<T>(BinaryData.FromBytes(entity.GetBinary(Data)));
            grainState.ETag = entity.ETag.ToString();
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partition, row) = Keys(stateName, grainId);
        var entity = new TableEntity(partition, row) { [Data] = serializer.Serialize(grainState.State).ToArray() };
        var action = grainState.ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(etag))
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
        var written = await WriteAsync(action, grainState.ETag);
        grainState.ETag = written.ToString();
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is { } etag)
        {
            var (partition, row) = Keys(stateName, grainId);
            await WriteAsync(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row), new ETag(etag)), etag);
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>The row of a grain: <c>{state}|{owner}</c> and <c>{name}</c> of its key <c>{owner}|{name}</c> (no bar: the whole key is the row).</summary>
    internal static (string Partition, string Row) Keys(string stateName, GrainId grainId)
    {
        var key = grainId.Key.ToString()!;
        var bar = key.LastIndexOf('|');
        var owner = bar < 0 ? "" : key[..bar];
        var name = bar < 0 ? key : key[(bar + 1)..];
        return (TableKeys.Escape(stateName + "|" + owner), TableKeys.Escape(name));
    }

    private async Task<ETag> WriteAsync(TableTransactionAction action, string? expected)
    {
        try
        {
            return await writes.WriteAsync(action);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && action.ActionType == TableTransactionActionType.Delete)
        {
            return default; // already gone: cleared is what was asked
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            // Another activation wrote the row since this one read it (or inserted it first).
            throw new InconsistentStateException(
                $"The grain state row {action.Entity.PartitionKey}/{action.Entity.RowKey} changed since it was read ({ex.ErrorCode}).",
                expected, "unknown", ex);
        }
    }
}
