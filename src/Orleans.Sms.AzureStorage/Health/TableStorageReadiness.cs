using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Sms.AzureStorage.Health;

/// <summary>
/// Readiness of Azure Table Storage (CONTRACT §11, <c>/health/ready</c>): lists one table within a short timeout.
/// Unreachable, refusing the credentials, or slower than <see cref="Timeout"/> → the registration's failure status
/// (Unhealthy by default). <c>AddAzureTableArchive</c> registers one whose client does not retry (see
/// <see cref="ForConnectionString"/>); add it with <c>AddHealthChecks().AddCheck&lt;TableStorageReadiness&gt;("storage")</c>.
/// </summary>
/// <param name="service">The table service to ask.</param>
public sealed class TableStorageReadiness(TableServiceClient service) : IHealthCheck
{
    /// <summary>How long the check waits for storage by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long the check waits for storage before it reports it unreachable.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// A check with a client of its own that does not retry: readiness reports storage as it is now, and a refused
    /// connection answers at once instead of after the retries that suit the archive.
    /// </summary>
    /// <param name="connectionString">Azure Storage connection string.</param>
    /// <param name="timeout">How long to wait for an answer; <see cref="DefaultTimeout"/> when null.</param>
    public static TableStorageReadiness ForConnectionString(string connectionString, TimeSpan? timeout = null)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = timeout ?? DefaultTimeout;
        return new TableStorageReadiness(new TableServiceClient(connectionString, options)) { Timeout = timeout ?? DefaultTimeout };
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            // One page of at most one table: the cheapest authenticated round trip the service offers.
            await foreach (var _ in service.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1)
                .ConfigureAwait(false))
            {
                break;
            }
            return HealthCheckResult.Healthy("Azure Table Storage answered.");
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
}
