using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// problem+json for what the pipeline answers itself (docs/api.md: Errors): exceptions (a body that does not bind, a body past
/// its limit, a crash) and empty-bodied errors (no such route, wrong method). Written directly rather than through
/// content negotiation, so a caller whose <c>Accept</c> names no JSON type still gets the document, not an empty body.
/// </summary>
public static class ServerProblems
{
    public static WebApplication UseServerProblems(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Malformed bodies are the client's fault (400, 413, 415): answered, not logged as the server's failure.
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
            ExceptionHandler = context =>
            {
                var status = context.Response.StatusCode;
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                return Problem(status, error is BadHttpRequestException bad ? Describe(bad) : null).ExecuteAsync(context);
            },
        });
        app.UseStatusCodePages(pages => Problem(pages.HttpContext.Response.StatusCode, null).ExecuteAsync(pages.HttpContext));
        return app;
    }

    private static IResult Problem(int status, string? detail) => status == StatusCodes.Status413PayloadTooLarge && detail is null
        ? RequestLimits.TooLarge(null)
        : Problems.Create(status, Problems.CodeFor(status), ReasonPhrases.GetReasonPhrase(status), detail);

    /// <summary>Which member failed and what was expected, when the JSON reader says so.</summary>
    private static string Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return $"The request body is larger than {RequestLimits.MaxBodyBytes} bytes.";
        }
        if (bad.InnerException is JsonException json)
        {
            var at = json.Path is { Length: > 1 } path ? $" (at {path})" : "";
            return $"{bad.Message} {json.Message.Split(" Path: ")[0]}{at}";
        }
        return bad.Message;
    }
}
