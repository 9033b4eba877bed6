using Orleans.Sms.Contacts.Import;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Orleans.Dashboard;
using Orleans.Sms.AzureStorage.Health;
using Orleans.Sms.Hosting;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// The host: an HTTP front and an engine silo in one process. (The client SDK's <c>ISmsEngine</c> is the other side: a
/// service that reaches this host's silo through its gateway.)
/// </summary>
public static class SmsHostExtensions
{
    /// <summary>Everything the host needs: validated options, the engine silo, the API plumbing and the dev seed.</summary>
    public static WebApplicationBuilder AddSmsHost(this WebApplicationBuilder builder)
    {
        var options = ReadHostOptions(builder);
        var silo = options.ToSiloOptions(builder.Configuration.GetConnectionString("AzureStorage"));
        // API keys are hashed under a server secret: configured, else the admin key, else (memory only) a fresh one.
        var hashKey = builder.Configuration[$"{ApiKeyOptions.SectionName}:HashKey"] ?? options.AdminKey
            ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        builder.Services.PostConfigure<ApiKeyOptions>(o => o.HashKey ??= hashKey);
        builder.UseOrleans(orleans =>
        {
            orleans.AddSmsSilo(silo); // grain services, storage, reminders, membership and endpoints, provider
            if (builder.Environment.IsDevelopment())
            {
                orleans.AddDashboard(); // served at /dashboard (Observability)
            }
        });
        // After the silo: hosted services stop in reverse order, so imports pause before the silo goes.
        builder.Services.AddOptions<ContactImportOptions>().BindConfiguration(ContactImportOptions.SectionName);
        builder.Services.AddSingleton<ContactImportRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ContactImportRunner>());

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Converters.Add(new StrictEnumConverterFactory()); // names only (docs/api.md: Boundaries)
        });
        // A body or query value that does not bind throws in every environment, so that the exception handler answers it
        // with a problem document naming the member (the framework's default outside Development is an empty 400).
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.AddRequestLimits();
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ctx =>
        {
            if (ctx.Exception is BadHttpRequestException badRequest)
            {
                ctx.ProblemDetails.Detail = badRequest.Message; // e.g. which JSON member failed to bind
            }
            ctx.ProblemDetails.Extensions.TryAdd("code", Problems.CodeFor(ctx.ProblemDetails.Status ?? 500));
        });
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthentication>(AdminKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminKeyAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(AdminKeyAuthentication.SchemeName).RequireRole(AdminKeyAuthentication.Policy));
        builder.AddTenantRateLimiting();
        builder.Services.AddOpenApi(openApi =>
        {
            openApi.AddOperationTransformer<ProblemCodesTransformer>();
            openApi.AddSchemaTransformer<EnumSchemaTransformer>();
            openApi.AddDocumentTransformer<SecuritySchemes>();
            openApi.AddOperationTransformer<SecuritySchemes>();
            // The document never echoes the request's Host header (docs/api.md: Boundaries): the configured origin, or no server at all.
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Servers = options.PublicBaseUrl is { Length: > 0 } url ? [new OpenApiServer { Url = url.TrimEnd('/') }] : [];
                return Task.CompletedTask;
            });
        });
        builder.AddSmsObservability();
        var health = builder.Services.AddHealthChecks().AddCheck<SiloReadiness>("silo", tags: ["ready"]);
        if (silo.Storage == SmsStorageMode.AzureStorage)
        {
            health.AddCheck<TableStorageReadiness>("storage", tags: ["ready"]);
        }

        builder.Services.AddSingleton<DevTenant>();
        if (silo.Storage == SmsStorageMode.Memory && string.IsNullOrEmpty(options.AdminKey))
        {
            builder.Services.AddHostedService<DevSeed>();
        }
        return builder;
    }

    /// <summary>The host's middleware, in order: problems, request limits, observability, authentication, rate limits, OpenAPI.</summary>
    public static WebApplication UseSmsHostPipeline(this WebApplication app)
    {
        app.UseServerProblems();
        app.UseRequestLimits();
        app.UseSmsObservability();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi();
        return app;
    }

    /// <summary>Storage and provider decide how the silo is built, so they are read and validated before it is.</summary>
    private static SmsHostOptions ReadHostOptions(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SmsHostOptions.SectionName);
        var options = section.Get<SmsHostOptions>() ?? new SmsHostOptions();
        var validator = new SmsHostOptionsValidator(builder.Configuration);
        var result = validator.Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(SmsHostOptions.SectionName, typeof(SmsHostOptions), result.Failures);
        }
        builder.Services.AddOptions<SmsHostOptions>().Bind(section);
        builder.Services.AddSingleton(options);
        return options;
    }
}
