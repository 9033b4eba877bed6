using System.Text.Json;
using Microsoft.AspNetCore.Builder;
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

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            if (!context.Request.Path.StartsWithSegments("/v1"))
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
            if (context.Response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true
                && context.GetEndpoint() is RouteEndpoint endpoint
                && CodeOf(buffer) is { } code
                && !ProblemCodesTransformer.DeclaredFor(endpoint.Metadata).Contains(code))
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentLength = null;
                await context.Response.WriteAsJsonAsync(new
                {
                    status = 500,
                    code = Code,
                    detail = $"'{code}' is not declared on {context.Request.Method} {endpoint.RoutePattern.RawText}: add it to the route's ProducesProblemCodes.",
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
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}
