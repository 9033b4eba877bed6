using System.Diagnostics.CodeAnalysis;

namespace Orleans.Sms.Errors;

/// <summary>A refusal with the contract's stable machine-readable code (docs/api.md: Errors) and a human-readable detail.</summary>
/// <param name="Code">One of <see cref="SmsErrorCodes"/>.</param>
/// <param name="Detail">What was wrong, for people.</param>
/// <param name="Extensions">Extra members of the problem, e.g. <c>contact_id</c> of <c>contact_exists</c>.</param>
[GenerateSerializer, Immutable, Alias("sms.SmsError")]
public sealed record class SmsError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Detail,
    [property: Id(2)] IReadOnlyDictionary<string, string>? Extensions = null);

/// <summary>The outcome of an operation that can be refused: a value or an <see cref="SmsError"/>.</summary>
/// <typeparam name="T">The value's type: never null, so that a success always carries one.</typeparam>
/// <param name="Value">The value, when it succeeded.</param>
/// <param name="Error">The refusal, when it did not.</param>
/// <remarks>
/// Check <see cref="Succeeded"/> and the compiler knows which of the two is set:
/// <c>if (!result.Succeeded) return Problem(result.Error); Use(result.Value);</c> needs no <c>!</c>.
/// </remarks>
[GenerateSerializer, Immutable, Alias("sms.SmsResult`1")]
public sealed record class SmsResult<T>(
    [property: Id(0)] T? Value,
    [property: Id(1)] SmsError? Error)
    where T : notnull
{
    /// <summary>True when the operation succeeded (then <see cref="Value"/> is set); false when it was refused (then <see cref="Error"/> is).</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
#pragma warning disable CS8775 // Value is not null on success: Ok takes a non-null T, and every refusal carries its Error.
    public bool Succeeded => Error is null;
#pragma warning restore CS8775

    /// <summary>A success.</summary>
    public static SmsResult<T> Ok(T value) => new(value, null);

    /// <summary>A refusal.</summary>
    public static SmsResult<T> Fail(string code, string detail) => new(default, new SmsError(code, detail));

    /// <summary>A refusal carried over from another result.</summary>
    public static SmsResult<T> Fail(SmsError error) => new(default, error);
}

/// <summary>The stable error codes of the public contract.</summary>
public static class SmsErrorCodes
{
    /// <summary>Missing or unknown API key (401).</summary>
    public const string Unauthorized = "unauthorized";
    /// <summary>No such resource, or another tenant's (404).</summary>
    public const string NotFound = "not_found";
    /// <summary>A phone number that does not parse (400).</summary>
    public const string InvalidPhoneNumber = "invalid_phone_number";
    /// <summary>An empty or over-long message (400).</summary>
    public const string InvalidMessage = "invalid_message";
    /// <summary>A malformed request body or field (400).</summary>
    public const string InvalidRequest = "invalid_request";
    /// <summary>The explicit sender is not a usable number of the pool (400).</summary>
    public const string InvalidAgentNumber = "invalid_agent_number";
    /// <summary>The key's environment has several sms use cases: name one (400).</summary>
    public const string UseCaseRequired = "use_case_required";
    /// <summary>The number is held by another tenant (409).</summary>
    public const string NumberTaken = "number_taken";
    /// <summary>The number is in the pool of another sms use case (409).</summary>
    public const string NumberAlreadyAssigned = "number_already_assigned";
    /// <summary>The use case still has numbers (409).</summary>
    public const string NumbersStillAssigned = "numbers_still_assigned";
    /// <summary>No compliant number in the pool can send (409).</summary>
    public const string NoSenderAvailable = "no_sender_available";
    /// <summary>The number lacks the sms capability (422).</summary>
    public const string NotSmsCapable = "not_sms_capable";
    /// <summary>The number lacks the voice capability a voice use case needs (422).</summary>
    public const string NotVoiceCapable = "not_voice_capable";
    /// <summary>A toll-free number without approved verification (422).</summary>
    public const string TollFreeVerificationRequired = "toll_free_verification_required";
    /// <summary>A local or national number without an approved A2P 10DLC campaign (422).</summary>
    public const string A2pCampaignRequired = "a2p_campaign_required";
    /// <summary>Number and use case (or key) belong to different environments (422).</summary>
    public const string EnvironmentMismatch = "environment_mismatch";
    /// <summary>The recipient opted out of this messaging service (422).</summary>
    public const string RecipientOptedOut = "recipient_opted_out";
    /// <summary>The sender's compliance was revoked: it may not send (422).</summary>
    public const string SenderNotCompliant = "sender_not_compliant";
    /// <summary>The same Idempotency-Key with a different body (422).</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    /// <summary>No message and no agent to write one (422).</summary>
    public const string AgentRequired = "agent_required";
    /// <summary>The use case's agent failed to write the opening (502).</summary>
    public const string AgentError = "agent_error";
    /// <summary>The carrier-side provider failed (502).</summary>
    public const string ProviderError = "provider_error";
    /// <summary>
    /// On a message: the provider could not be reached or its answer was lost, and its lookups could not tell whether it
    /// took the message (docs/api.md: Boundaries); the conversation goes to <c>follow_up</c>.
    /// </summary>
    public const string SendUnconfirmed = "send_unconfirmed";

    /// <summary>A <c>limit</c> out of its range (400).</summary>
    public const string InvalidLimit = "invalid_limit";
    /// <summary>A contact member or custom field that breaks its rules (400).</summary>
    public const string InvalidContact = "invalid_contact";
    /// <summary>The phone number is a contact already; the problem carries its <c>contact_id</c> (409).</summary>
    public const string ContactExists = "contact_exists";
    /// <summary>A malformed template or an unknown variable, with its position (400).</summary>
    public const string InvalidTemplate = "invalid_template";
    /// <summary>A template variable without a value and without a fallback (400).</summary>
    public const string TemplateVariableMissing = "template_variable_missing";
    /// <summary>A CSV file without a phone column (400).</summary>
    public const string PhoneColumnMissing = "phone_column_missing";
    /// <summary>A CSV mapping that is not JSON, names an unknown member, or maps two columns to one member (400).</summary>
    public const string InvalidMapping = "invalid_mapping";
    /// <summary>A CSV file that is not UTF-8 (400).</summary>
    public const string InvalidCsv = "invalid_csv";
    /// <summary>A CSV row whose number of cells differs from the header's (a row error of an import).</summary>
    public const string InvalidRow = "invalid_row";
    /// <summary>A body in a media type the route does not take (415).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";
    /// <summary>An uploaded file over its limit (413).</summary>
    public const string FileTooLarge = "file_too_large";
    /// <summary>A campaign request that its status does not allow (docs/api.md: Campaigns).</summary>
    public const string InvalidCampaignState = "invalid_campaign_state";
    /// <summary>A campaign started without recipients.</summary>
    public const string CampaignEmpty = "campaign_empty";
    /// <summary>A use case a scheduled, running or paused campaign sends for cannot be deleted.</summary>
    public const string UseCaseInUse = "use_case_in_use";

    // Answered by the HTTP pipeline itself (signature check, request limits, rate limiter, routing), never by the engine.

    /// <summary>A webhook whose provider signature is missing or wrong (403).</summary>
    public const string InvalidSignature = "invalid_signature";
    /// <summary>An authenticated caller that may not do this (403).</summary>
    public const string Forbidden = "forbidden";
    /// <summary>A route that exists, asked with another method (405).</summary>
    public const string MethodNotAllowed = "method_not_allowed";
    /// <summary>A conflict the framework raised (409).</summary>
    public const string Conflict = "conflict";
    /// <summary>A body over its route's limit (413).</summary>
    public const string PayloadTooLarge = "payload_too_large";
    /// <summary>A request target (path and query) over its limit (414).</summary>
    public const string UriTooLong = "uri_too_long";
    /// <summary>Request headers over their limit (431).</summary>
    public const string HeadersTooLarge = "request_headers_too_large";
    /// <summary>A request the framework could not process (422).</summary>
    public const string Unprocessable = "unprocessable";
    /// <summary>Over the per-tenant request rate (429).</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>Not ready to serve (503).</summary>
    public const string Unavailable = "unavailable";
    /// <summary>An unexpected server failure (5xx).</summary>
    public const string InternalError = "internal_error";
    /// <summary>Any other status the framework answers.</summary>
    public const string Error = "error";
}
