using System.Diagnostics;
using OpenTelemetry.Metrics;
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

    public static void AddSmsObservability(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(PrometheusKey))
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
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
