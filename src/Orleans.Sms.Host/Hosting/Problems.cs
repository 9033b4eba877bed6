using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Sms.Errors;
using Orleans.Sms.Templates;

namespace Orleans.Sms.Host.Hosting;

/// <summary>RFC 9457 problem details with the contract's stable <c>code</c> member (docs/api.md: Errors).</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(
            detail, statusCode: status, title: title, type: $"urn:orleans-sms:error:{code}",
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult NotFound(string detail) => Create(404, SmsErrorCodes.NotFound, "Not found", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Create(401, SmsErrorCodes.Unauthorized, "Unauthorized", detail);

    public static ProblemHttpResult BadRequest(string code, string detail) => Create(400, code, "Invalid request", detail);

    /// <summary>The HTTP face of a refusal from the engine: the contract's status for its code.</summary>
    public static ProblemHttpResult From(SmsError error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        foreach (var (name, value) in error.Extensions ?? new Dictionary<string, string>())
        {
            // A template fault's position is a number in JSON (a character index), like the rest of the API's counts.
            extensions[name] = name == TemplateParse.PositionExtension && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? index
                : value;
        }
        return TypedResults.Problem(
            error.Detail, statusCode: StatusFor(error.Code), title: TitleFor(error.Code), type: $"urn:orleans-sms:error:{error.Code}", extensions: extensions);
    }

    public static int StatusFor(string code) => code switch
    {
        SmsErrorCodes.Unauthorized => 401,
        SmsErrorCodes.NotFound => 404,
        SmsErrorCodes.NumberTaken or SmsErrorCodes.NumberAlreadyAssigned or SmsErrorCodes.NumbersStillAssigned
            or SmsErrorCodes.NoSenderAvailable or SmsErrorCodes.ContactExists
            or SmsErrorCodes.InvalidCampaignState or SmsErrorCodes.CampaignEmpty or SmsErrorCodes.UseCaseInUse => 409,
        SmsErrorCodes.NotSmsCapable or SmsErrorCodes.NotVoiceCapable or SmsErrorCodes.TollFreeVerificationRequired
            or SmsErrorCodes.A2pCampaignRequired or SmsErrorCodes.EnvironmentMismatch or SmsErrorCodes.RecipientOptedOut
            or SmsErrorCodes.SenderNotCompliant or SmsErrorCodes.IdempotencyKeyReused or SmsErrorCodes.AgentRequired => 422,
        SmsErrorCodes.ProviderError or SmsErrorCodes.AgentError => 502,
        // Answered by the pipeline itself (signature check, request limits, rate limiter, routing), never by the engine.
        SmsErrorCodes.InvalidSignature or SmsErrorCodes.Forbidden => 403,
        SmsErrorCodes.MethodNotAllowed => 405,
        SmsErrorCodes.PayloadTooLarge or SmsErrorCodes.FileTooLarge => 413,
        SmsErrorCodes.UriTooLong => 414,
        SmsErrorCodes.UnsupportedMediaType => 415,
        SmsErrorCodes.HeadersTooLarge => 431,
        SmsErrorCodes.RateLimited => 429,
        _ => 400,
    };

    private static string TitleFor(string code) => code == SmsErrorCodes.AgentError ? "Agent error" : StatusFor(code) switch
    {
        400 => "Invalid request",
        401 => "Unauthorized",
        404 => "Not found",
        409 => "Conflict",
        422 => "Cannot be done",
        502 => "Provider error",
        var status => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };

    /// <summary>The code of errors the framework raises itself (no route, bad JSON, unhandled exception).</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => SmsErrorCodes.InvalidRequest,
        401 => SmsErrorCodes.Unauthorized,
        403 => SmsErrorCodes.Forbidden,
        404 => SmsErrorCodes.NotFound,
        405 => SmsErrorCodes.MethodNotAllowed,
        409 => SmsErrorCodes.Conflict,
        413 => SmsErrorCodes.PayloadTooLarge,
        414 => SmsErrorCodes.UriTooLong,
        415 => SmsErrorCodes.UnsupportedMediaType,
        431 => SmsErrorCodes.HeadersTooLarge,
        422 => SmsErrorCodes.Unprocessable,
        429 => SmsErrorCodes.RateLimited,
        503 => SmsErrorCodes.Unavailable,
        _ => status >= 500 ? SmsErrorCodes.InternalError : SmsErrorCodes.Error,
    };
}
