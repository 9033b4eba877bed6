using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// The OpenAPI document's security schemes (<c>X-Api-Key</c> for the tenant API, <c>X-Admin-Key</c> for
/// <c>/v1/admin/*</c>) and each protected operation's requirement, so an API reference (Scalar) knows where a key goes.
/// </summary>
internal sealed class SecuritySchemes : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string ApiKey = "ApiKey";
    public const string AdminKey = "AdminKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey] = Header(ApiKeyAuthentication.Header, "A tenant's API key: one tenant, one environment.");
        document.Components.SecuritySchemes[AdminKey] = Header(AdminKeyAuthentication.Header, "The operator's key (Sms:AdminKey).");
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var authorize = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0)
        {
            return Task.CompletedTask;
        }
        var scheme = authorize.Any(a => a.Policy == AdminKeyAuthentication.Policy) ? AdminKey : ApiKey;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
        return Task.CompletedTask;
    }

    private static OpenApiSecurityScheme Header(string name, string description) => new()
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Header,
        Name = name,
        Description = description,
    };
}
