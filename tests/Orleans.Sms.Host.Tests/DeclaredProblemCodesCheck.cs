using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Sms.Host.Hosting;

namespace Orleans.Sms.Host.Tests;

/// <summary>
/// Every problem the tests provoke through a test host must be one its route declares in the OpenAPI document
/// (<see cref="ProblemCodesExtensions.ProducesProblemCodes"/>): an undeclared code comes back as a 500 whose detail
/// names the route and the code, so the test that met it fails and says which declaration is missing.
/// </summary>
internal sealed class DeclaredProblemCodesCheck : IStartupFilter
{
    public const string Code = "undeclared_problem_code";

    // Unhandled exceptions are their own failure, reported by the test that meets them.
    private const string InternalError = "internal_error";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            if (!context.Request.Path.StartsWithSegments("/v1") && !context.Request.Path.StartsWithSegments("/webhooks"))
            {
                await inner(context);
                return;
            }
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await inner(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            // The exception handler (bodies and query values that do not bind) clears the endpoint; its feature keeps it.
            var endpoint = context.GetEndpoint() as RouteEndpoint
                ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint as RouteEndpoint;
            if (context.Response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true
                && endpoint is not null
                && CodeOf(buffer) is var code && code != InternalError
                && (code is null || !ProblemCodesTransformer.DeclaredFor(endpoint.Metadata).Contains(code)
                    || Problems.StatusFor(code) != context.Response.StatusCode))
            {
                var status = context.Response.StatusCode;
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentLength = null;
                await context.Response.WriteAsJsonAsync(new
                {
                    status = 500,
                    code = Code,
                    detail = $"'{code ?? "(no code)"}' answered {status} is not declared on {context.Request.Method} " +
                        $"{endpoint.RoutePattern.RawText}: add it to the route's ProducesProblemCodes (or answer it with its own status).",
                }, options: null, contentType: "application/problem+json");
                return;
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
        });
        next(app);
    };

    private static string? CodeOf(MemoryStream body)
    {
        body.Position = 0;
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // not a problem document at all: reported as undeclared
        }
    }
}
