using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// Describes enums as the strings <see cref="StrictEnumConverterFactory"/> accepts: the OpenAPI generator knows only the
/// framework's own enum converter and would otherwise document any JSON value.
/// </summary>
internal sealed class EnumSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            schema.Type = underlying == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Enum = EnumWireNames.Of(underlying).Select(n => (JsonNode)JsonValue.Create(n)).ToList();
            schema.Format = null;
        }
        return Task.CompletedTask;
    }
}
