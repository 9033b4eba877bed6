using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Orleans.Sms.Host.Apis;

public static class HealthApi
{
    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the silo and its storage answer.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
