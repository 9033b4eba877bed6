using Azure.Data.Tables;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>
/// A table created on first use, once per process rather than once per call (a create is a round trip and,
/// on a busy account, a throttled one). A failed create (storage unreachable) is retried by the next caller.
/// </summary>
internal sealed class LazyTable(TableServiceClient service, string name)
{
    private readonly Lock _gate = new();
    private Task<TableClient>? _ready;

    public string Name => name;

    public Task<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        var ready = _ready;
        if (ready is null || ready.IsFaulted || ready.IsCanceled)
        {
            lock (_gate)
            {
                if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
                {
                    _ready = CreateAsync();
                }
                ready = _ready;
            }
        }
        // The create is shared, so it is not cancelled with one caller: each caller only stops waiting.
        return ready.IsCompletedSuccessfully ? ready : ready.WaitAsync(cancellationToken);
    }

    private async Task<TableClient> CreateAsync()
    {
        var table = service.GetTableClient(name);
        await table.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
        return table;
    }
}
