using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Orleans.Sms.Samples.ReminderAgent.Apis;

/// <summary><c>POST /agent</c>: one turn of the webhook protocol. Signature first, then the script.</summary>
public static class AgentApi
{
    /// <summary>A turn carries at most 40 messages of 1,600 characters and a 16 KB context: far below this.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static RouteHandlerBuilder MapAgentApi(this IEndpointRouteBuilder app) => app.MapPost("/agent", AnswerAsync);

    private static async Task<Results<JsonHttpResult<AgentAnswer>, UnauthorizedHttpResult, ProblemHttpResult>> AnswerAsync(
        HttpRequest request, IOptions<ReminderAgentOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem($"The body is larger than {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var logger = loggers.CreateLogger(typeof(AgentApi));
        var signatures = request.Headers[RequestSignature.HeaderName];
        if (!RequestSignature.IsValid(options.Value.Secret, body, signatures.Count == 1 ? signatures[0] : null))
        {
            // Worth a warning: the usual cause is a use case whose secret differs from ReminderAgent:Secret.
            logger.LogWarning("Refused a request with a missing or wrong {Header}", RequestSignature.HeaderName);
            return TypedResults.Unauthorized();
        }

        AgentRequest? turn;
        try
        {
            turn = JsonSerializer.Deserialize<AgentRequest>(body, AgentJson.Options);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem($"Not an agent request: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }
        if (turn is null)
        {
            return TypedResults.Problem("Not an agent request: the body is null.", statusCode: StatusCodes.Status400BadRequest);
        }

        var answer = ReminderScript.Answer(turn);
        logger.LogInformation(
            "{Event} {ConversationId} ({Count} new): {Status} end_session={EndSession} reply={Reply}",
            turn.Event, turn.ConversationId, turn.Messages.Count, answer.Status ?? "-", answer.EndSession, answer.Reply ?? "(none)");
        return TypedResults.Json(answer, AgentJson.Options);
    }

    /// <summary>The raw body, as signed; null when it is over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
