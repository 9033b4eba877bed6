using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Orleans.Sms.Contacts.Import;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;

namespace Orleans.Sms.Host.Apis;

/// <summary>
/// CSV imports of contacts (docs/api.md: CSV imports): the upload is streamed to the spool directory (never wholly in memory), its
/// encoding, header and mapping are checked before the answer, and the rows are imported after it by
/// <see cref="ContactImportRunner"/>.
/// </summary>
public static class ContactImportsApi
{
    /// <summary>Room for a multipart envelope around a file of the largest size.</summary>
    private const long EnvelopeBytes = 1024 * 1024;
    private const int MaxMappingChars = 16 * 1024;

    /// <summary>The codes an upload may be refused with before its import starts.</summary>
    internal static readonly string[] UploadProblemCodes =
    [
        SmsErrorCodes.FileTooLarge, SmsErrorCodes.InvalidCsv, SmsErrorCodes.InvalidMapping, SmsErrorCodes.PhoneColumnMissing,
        SmsErrorCodes.InvalidRequest, SmsErrorCodes.UnsupportedMediaType,
    ];

    /// <summary>A route that takes a CSV file as docs/api.md (CSV imports) says: <c>text/csv</c> or <c>multipart/form-data</c>, up to 50 MB.</summary>
    internal static RouteHandlerBuilder AcceptsCsvUpload(this RouteHandlerBuilder route) => route
        .WithMetadata(new UploadLimit(ContactImportOptions.MaxFileBytes + EnvelopeBytes))
        .Accepts<string>("text/csv", "multipart/form-data");

    /// <summary>
    /// Documents, on a JSON route whose path also takes a CSV upload on another endpoint (chosen by Content-Type; an OpenAPI
    /// document has one operation per path and method), the upload's media types.
    /// </summary>
    internal static RouteHandlerBuilder DescribesCsvUploadToo(this RouteHandlerBuilder route) => route
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody?.Content is { } content)
            {
                content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                content["multipart/form-data"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            ["mapping"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    },
                };
            }
            return Task.CompletedTask;
        });

    public static RouteGroupBuilder MapContactImportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/contacts/imports").RequireAuthorization().RequireRateLimiting(TenantRateLimiting.Policy).WithTags("Contacts");
        api.MapPost("/", ImportAsync).AcceptsCsvUpload().ProducesProblemCodes(UploadProblemCodes);
        api.MapGet("/{importId}", GetAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound);
        return api;
    }

    private static Task<Results<Accepted<ContactImportView>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, ApiCaller caller, ContactImportRunner runner, CancellationToken cancellationToken) =>
        AcceptAsync(request, caller, runner, campaignId: null, cancellationToken);

    /// <summary>
    /// Spools and checks an upload and starts its import (202 with the import), into <paramref name="campaignId"/> when given
    /// (a CSV audience, docs/api.md: Campaigns: the campaign may still refuse it, 404 or 409); or the problem that refused it.
    /// </summary>
    internal static async Task<Results<Accepted<ContactImportView>, ProblemHttpResult>> AcceptAsync(
        HttpRequest request, ApiCaller caller, ContactImportRunner runner, string? campaignId, CancellationToken cancellationToken)
    {
        var importId = ContactImportRunner.NewId();
        var file = runner.FileOf(importId);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        try
        {
            var upload = await ReceiveAsync(request, file, cancellationToken);
            if (!upload.Succeeded)
            {
                File.Delete(file);
                return Problems.From(upload.Error);
            }
            await using (var check = File.OpenRead(file))
            {
                var opened = await ContactCsvReader.OpenAsync(check, upload.Value.Mapping, cancellationToken);
                if (!opened.Succeeded)
                {
                    File.Delete(file);
                    return Problems.From(opened.Error);
                }
                await opened.Value.DisposeAsync();
            }
            var started = await runner.StartAsync(caller.Owner, importId, upload.Value.Mapping, campaignId);
            if (!started.Succeeded)
            {
                runner.Discard(importId);
                return Problems.From(started.Error);
            }
            return TypedResults.Accepted($"/v1/contacts/imports/{importId}", started.Value);
        }
        catch
        {
            runner.Discard(importId);
            throw;
        }
    }

    private static async Task<Results<Ok<ContactImportView>, ProblemHttpResult>> GetAsync(string importId, ApiCaller caller, IGrainFactory grains) =>
        importId.StartsWith("imp_", StringComparison.Ordinal)
        && await grains.GetGrain<IContactImportGrain>(importId).GetAsync(caller.Owner) is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound($"No import '{importId}'.");

    /// <summary>Spools the file of a <c>text/csv</c> or <c>multipart/form-data</c> body; the mapping it names, if any.</summary>
    private static async Task<SmsResult<SpooledCsv>> ReceiveAsync(HttpRequest request, string file, CancellationToken cancellationToken)
    {
        var mapping = request.Query["mapping"].ToString() is { Length: > 0 } query ? query : null;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            return Unsupported();
        }
        if (type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return await SpoolAsync(request.Body, file, cancellationToken) ?? SmsResult<SpooledCsv>.Ok(new SpooledCsv(mapping));
        }
        if (!type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Unsupported();
        }
        var reader = new MultipartReader(boundary, request.Body);
        var hasFile = false;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (name == "file" && !hasFile)
            {
                hasFile = true;
                if (await SpoolAsync(section.Body, file, cancellationToken) is { } refused)
                {
                    return refused;
                }
            }
            else if (name == "mapping")
            {
                using var text = new StreamReader(section.Body);
                var buffer = new char[MaxMappingChars + 1];
                var read = await text.ReadBlockAsync(buffer, cancellationToken);
                if (read > MaxMappingChars)
                {
                    return SmsResult<SpooledCsv>.Fail(SmsErrorCodes.InvalidMapping, $"'mapping' is longer than {MaxMappingChars} characters.");
                }
                mapping ??= new string(buffer, 0, read);
            }
        }
        return hasFile
            ? SmsResult<SpooledCsv>.Ok(new SpooledCsv(mapping))
            : SmsResult<SpooledCsv>.Fail(SmsErrorCodes.InvalidRequest, "A multipart import needs the CSV file in a part named 'file'.");
    }

    private static async Task<SmsResult<SpooledCsv>?> SpoolAsync(Stream body, string file, CancellationToken cancellationToken)
    {
        CsvUploadResult result;
        try
        {
            result = await CsvUpload.SpoolAsync(body, file, ContactImportOptions.MaxFileBytes, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            result = CsvUploadResult.TooLarge;
        }
        return result switch
        {
            CsvUploadResult.TooLarge => SmsResult<SpooledCsv>.Fail(SmsErrorCodes.FileTooLarge, $"The file is larger than {ContactImportOptions.MaxFileBytes / (1024 * 1024)} MB."),
            CsvUploadResult.NotUtf8 => SmsResult<SpooledCsv>.Fail(SmsErrorCodes.InvalidCsv, "The file is not UTF-8 text: save it as \"CSV UTF-8\"."),
            _ => null,
        };
    }

    private static SmsResult<SpooledCsv> Unsupported() =>
        SmsResult<SpooledCsv>.Fail(SmsErrorCodes.UnsupportedMediaType, "Send the file as text/csv, or as the part 'file' of multipart/form-data.");

    /// <summary>A CSV file spooled to disk, and the column mapping the request named with it, if any.</summary>
    private sealed record class SpooledCsv(string? Mapping);
}
