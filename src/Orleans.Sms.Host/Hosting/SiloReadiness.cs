using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Host.Hosting;

/// <summary>Ready when a grain call through the silo (activation plus a state read) answers in time.</summary>
internal sealed class SiloReadiness(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<ITenantGrain>("health-probe").GetAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The silo or its storage does not answer.", ex);
        }
    }
}
