using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Host.Hosting;

/// <summary>The problem <c>code</c>s a route may answer with (docs/api.md: Errors), for its OpenAPI description.</summary>
/// <param name="Codes">The codes, each answered with the status <see cref="Problems.StatusFor"/> gives it.</param>
public sealed record class ProblemCodes(IReadOnlyList<string> Codes);

public static class ProblemCodesExtensions
{
    /// <summary>
    /// Documents the problem codes this route returns itself. Every route with a JSON body may also answer
    /// <c>invalid_request</c> (a body that does not bind), <c>unsupported_media_type</c> and <c>payload_too_large</c>
    /// (<see cref="RequestLimits"/>); authorized routes <c>unauthorized</c>; rate-limited ones
    /// <c>rate_limited</c>: those are added for it.
    /// </summary>
    public static RouteHandlerBuilder ProducesProblemCodes(this RouteHandlerBuilder route, params string[] codes) =>
        route.WithMetadata(new ProblemCodes(codes));
}

/// <summary>
/// Adds to each operation one <c>application/problem+json</c> response per status its problem codes use, with the codes
/// in the description, as the schema's <c>code</c> enum and as <c>x-problem-codes</c>: clients see every code a route
/// can answer with, not only its success shape.
/// </summary>
public sealed class ProblemCodesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var codes = DeclaredFor(context.Description.ActionDescriptor.EndpointMetadata);
        if (codes.Count == 0)
        {
            return Task.CompletedTask;
        }
        operation.Responses ??= [];
        foreach (var byStatus in codes.Distinct().GroupBy(Problems.StatusFor).OrderBy(g => g.Key))
        {
            var list = byStatus.Order(StringComparer.Ordinal).ToList();
            operation.Responses[byStatus.Key.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = "Problem details; `code` is one of: " + string.Join(", ", list.Select(c => $"`{c}`")),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = ProblemSchema(byStatus.Key, list) },
                },
                Extensions = new Dictionary<string, IOpenApiExtension>
                {
                    ["x-problem-codes"] = new JsonNodeExtension(new JsonArray(list.Select(c => (JsonNode)JsonValue.Create(c)).ToArray())),
                },
            };
        }
        return Task.CompletedTask;
    }

    /// <summary>Every problem code an endpoint with this metadata may answer with.</summary>
    public static IReadOnlyList<string> DeclaredFor(IEnumerable<object> metadata)
    {
        var all = metadata.ToList();
        var codes = all.OfType<ProblemCodes>().SelectMany(p => p.Codes).ToList();
        if (all.OfType<IAcceptsMetadata>().Any())
        {
            codes.Add(SmsErrorCodes.InvalidRequest); // a body that does not bind
            codes.Add(UnsupportedMediaType); // a body that is not JSON
            codes.Add(SmsErrorCodes.PayloadTooLarge); // a body over its limit
        }
        if (all.OfType<IAuthorizeData>().Any())
        {
            codes.Add(SmsErrorCodes.Unauthorized);
        }
        if (all.OfType<EnableRateLimitingAttribute>().Any())
        {
            codes.Add(SmsErrorCodes.RateLimited);
        }
        // Any request may be over the request target or header limits (RequestLimits).
        codes.Add(SmsErrorCodes.UriTooLong);
        codes.Add(SmsErrorCodes.HeadersTooLarge);
        return codes.Distinct().ToList();
    }

    private static readonly string UnsupportedMediaType = Problems.CodeFor(StatusCodes.Status415UnsupportedMediaType);

    private static OpenApiSchema ProblemSchema(int status, IReadOnlyList<string> codes) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Enum = [JsonValue.Create(status)] },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = codes.Select(c => (JsonNode)JsonValue.Create(c)).ToList() },
        },
    };
}
