using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Host.Hosting;

/// <summary>RFC 9457 problem details with the contract's stable <c>code</c> member (CONTRACT §2).</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(
            detail, statusCode: status, title: title, type: $"urn:orleans-sms:error:{code}",
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult NotFound(string detail) => Create(404, "not_found", "Not found", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Create(401, "unauthorized", "Unauthorized", detail);

    public static ProblemHttpResult BadRequest(string code, string detail) => Create(400, code, "Invalid request", detail);

    /// <summary>The HTTP face of a refusal from the engine: the contract's status for its code.</summary>
    public static ProblemHttpResult From(SmsError error)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        foreach (var (name, value) in error.Extensions ?? new Dictionary<string, string>())
        {
            extensions[name] = value;
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
        InvalidSignature => 403,
        "method_not_allowed" => 405,
        RequestLimits.PayloadTooLarge or SmsErrorCodes.FileTooLarge => 413,
        RequestLimits.UriTooLong => 414,
        SmsErrorCodes.UnsupportedMediaType => 415,
        RequestLimits.HeadersTooLarge => 431,
        TenantRateLimiting.Code => 429,
        _ => 400,
    };

    /// <summary>A webhook whose provider signature is missing or wrong (403).</summary>
    public const string InvalidSignature = "invalid_signature";

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
        400 => "invalid_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => RequestLimits.PayloadTooLarge,
        414 => RequestLimits.UriTooLong,
        415 => SmsErrorCodes.UnsupportedMediaType,
        431 => RequestLimits.HeadersTooLarge,
        422 => "unprocessable",
        429 => "rate_limited",
        503 => "unavailable",
        _ => status >= 500 ? "internal_error" : "error",
    };
}
