using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>
/// A table created on first use, once per process rather than once per call (a create is a round trip and,
/// on a busy account, a throttled one). A failed create (storage unreachable) is retried by the next caller.
/// Every operation runs through <see cref="RunAsync{T}"/>, the one place that recovers from a table deleted while the
/// host runs (an in-memory Azurite restarted, a table dropped by hand): storage answers 404 <c>TableNotFound</c>, the
/// table is created again and the operation runs once more. Its earlier rows are gone; the warning says so.
/// </summary>
internal sealed class LazyTable(TableServiceClient service, string name, ILogger? logger = null)
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private Task<TableClient>? _ready;

    public string Name => name;

    /// <summary>
    /// Runs <paramref name="operation"/> on the table. On <c>TableNotFound</c> it creates the table and runs the whole
    /// operation once more, so an operation must be safe to start again after a request that found no table (it wrote
    /// nothing): build results inside it. A second <c>TableNotFound</c> is thrown to the caller (on Azure Storage a
    /// deleted name cannot be reused for about 40 s: the create answers 409 <c>TableBeingDeleted</c> until then).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<TableClient, Task<T>> operation, CancellationToken cancellationToken)
    {
        var ready = Ready();
        var table = await WaitAsync(ready, cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation(table).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsTableNotFound(ex))
        {
            table = await WaitAsync(Recreate(ready), cancellationToken).ConfigureAwait(false);
            return await operation(table).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public Task RunAsync(Func<TableClient, Task> operation, CancellationToken cancellationToken) =>
        RunAsync(async table =>
        {
            await operation(table).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>The answer of storage to a request on a table that does not exist (a transaction's included).</summary>
    internal static bool IsTableNotFound(RequestFailedException ex) =>
        ex.Status == 404 && ex.ErrorCode == TableErrorCode.TableNotFound;

    private Task<TableClient> Ready()
    {
        var ready = _ready;
        if (ready is null || ready.IsFaulted || ready.IsCanceled)
        {
            lock (_gate)
            {
                if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
                {
                    _ready = CreateAsync(recreated: false);
                }
                ready = _ready;
            }
        }
        return ready;
    }

    /// <summary>
    /// A create in place of <paramref name="used"/>, shared by the callers that found the table missing at the same
    /// time (the first of them starts it; the others wait for it).
    /// </summary>
    private Task<TableClient> Recreate(Task<TableClient> used)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_ready, used) || _ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = CreateAsync(recreated: true);
            }
            return _ready;
        }
    }

    // The create is shared, so it is not cancelled with one caller: each caller only stops waiting.
    private static Task<TableClient> WaitAsync(Task<TableClient> ready, CancellationToken cancellationToken) =>
        ready.IsCompletedSuccessfully ? ready : ready.WaitAsync(cancellationToken);

    private async Task<TableClient> CreateAsync(bool recreated)
    {
        var table = service.GetTableClient(name);
        await table.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
        if (recreated)
        {
            _logger.LogWarning(
                "Table {Table} was missing (deleted while the host ran, e.g. an in-memory Azurite restarted): it exists again, empty; the rows it held are gone.",
                name);
        }
        return table;
    }
}
