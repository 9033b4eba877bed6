using System.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Dashboard;
using Orleans.Sms.Telemetry;
using Scalar.AspNetCore;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// Metrics (the engine's <c>Orleans.Sms</c> meter and Orleans' own) through OpenTelemetry, scraped at <c>/metrics</c>
/// when <c>Sms:Metrics:Prometheus=true</c>; in Development the Orleans dashboard at <c>/dashboard</c> and the API
/// reference at <c>/scalar</c>.
/// </summary>
internal static class Observability
{
    public const string PrometheusKey = "Sms:Metrics:Prometheus";

    /// <summary>The <c>service.name</c> of the engine's telemetry.</summary>
    public const string ServiceName = "orleans-sms";

    public static void AddSmsObservability(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(PrometheusKey))
        {
            // OTEL_SERVICE_NAME, where set, names the service instead (the resource's environment detector wins).
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: Environment.MachineName)
                    .AddEnvironmentVariableDetector())
                .WithMetrics(metrics => metrics
                .AddMeter(SmsMetrics.MeterName, "Microsoft.Orleans")
                .AddPrometheusExporter());
        }
    }

    public static void UseSmsObservability(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<SmsMetrics>();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/webhooks"), webhooks => webhooks.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next(context);
            metrics.Webhook(Stopwatch.GetElapsedTime(started), context.Response.StatusCode);
        }));
        if (app.Configuration.GetValue<bool>(PrometheusKey))
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }
        if (app.Environment.IsDevelopment())
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard");
            app.MapScalarApiReference();
        }
    }
}
