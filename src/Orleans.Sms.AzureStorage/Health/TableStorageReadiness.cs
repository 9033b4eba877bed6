using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Sms.AzureStorage.Health;

/// <summary>
/// Readiness of Azure Table Storage (docs/api.md: Health, OpenAPI and other endpoints, <c>/health/ready</c>): lists one table within a short timeout, or,
/// with <see cref="RequiredTables"/>, those tables. Unreachable, refusing the credentials, slower than
/// <see cref="Timeout"/>, or a required table missing → the registration's failure status (Unhealthy by default).
/// <c>AddAzureTableArchive</c> registers one whose client does not retry (see <see cref="ForConnectionString"/>), and
/// <c>UseSmsAzureStorage</c> one that requires Orleans' tables; add it with
/// <c>AddHealthChecks().AddCheck&lt;TableStorageReadiness&gt;("storage")</c>.
/// </summary>
/// <param name="service">The table service to ask.</param>
public sealed class TableStorageReadiness(TableServiceClient service) : IHealthCheck
{
    /// <summary>How long the check waits for storage by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long the check waits for storage before it reports it unreachable.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// Tables that are created only when the host starts (Orleans' clustering, grain state and reminders): one gone
    /// under the running host, e.g. with an in-memory Azurite restarted, comes back only with a restart, so the host is
    /// not ready without it. Empty: only storage's answer counts.
    /// </summary>
    public IReadOnlyList<string> RequiredTables { get; init; } = [];

    /// <summary>
    /// A check with a client of its own that does not retry: readiness reports storage as it is now, and a refused
    /// connection answers at once instead of after the retries that suit the archive.
    /// </summary>
    /// <param name="connectionString">Azure Storage connection string.</param>
    /// <param name="timeout">How long to wait for an answer; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="requiredTables">The <see cref="RequiredTables"/>; none when null.</param>
    public static TableStorageReadiness ForConnectionString(
        string connectionString, TimeSpan? timeout = null, IReadOnlyList<string>? requiredTables = null)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = timeout ?? DefaultTimeout;
        return new TableStorageReadiness(new TableServiceClient(connectionString, options))
        {
            Timeout = timeout ?? DefaultTimeout,
            RequiredTables = requiredTables ?? [],
        };
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var missing = await MissingTablesAsync(timeout.Token).ConfigureAwait(false);
            return missing.Count == 0
                ? HealthCheckResult.Healthy("Azure Table Storage answered.")
                : new HealthCheckResult(failure,
                    $"{(missing.Count == 1 ? "Table" : "Tables")} {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing " +
                    "(deleted under the running host, e.g. an in-memory Azurite restarted): Orleans creates its tables only when a silo " +
                    "starts, so restart the host (every silo of the cluster).");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, $"Azure Table Storage did not answer within {Timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, "Azure Table Storage is unreachable or refused the request.", ex);
        }
    }

    /// <summary>The required tables that do not exist: one query for all of them (or one table listed when none is required).</summary>
    private async Task<IReadOnlyList<string>> MissingTablesAsync(CancellationToken cancellationToken)
    {
        if (RequiredTables.Count == 0)
        {
            // One page of at most one table: the cheapest authenticated round trip the service offers.
            await foreach (var _ in service.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1)
                .ConfigureAwait(false))
            {
                break;
            }
            return [];
        }
        var filter = string.Join(" or ", RequiredTables.Select(name => TableClient.CreateQueryFilter($"TableName eq {name}")));
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var table in service.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(table.Name);
        }
        return [.. RequiredTables.Where(name => !found.Contains(name))];
    }
}
