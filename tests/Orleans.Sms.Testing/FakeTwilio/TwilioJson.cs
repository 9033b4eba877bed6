using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>Twilio's wire shapes: snake_case JSON, its two date formats, its error body, its SIDs.</summary>
internal static class TwilioJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>A new SID: the two-letter prefix and 32 lowercase hex digits.</summary>
    public static string Sid(string prefix) => prefix + Guid.NewGuid().ToString("N");

    /// <summary>The 2010-04-01 API's dates (RFC 2822).</summary>
    public static string Rfc2822(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>The v1 APIs' dates (ISO 8601).</summary>
    public static string Iso8601(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static IResult Json(object body, int status = StatusCodes.Status200OK) =>
        Results.Json(body, Options, statusCode: status);

    /// <summary>Twilio's error body: <c>{"code","message","more_info","status"}</c>.</summary>
    public static IResult Error(int status, int code, string message) => Json(
        new { Code = code, Message = message, MoreInfo = $"https://www.twilio.com/docs/errors/{code}", Status = status },
        status);

    public static IResult NotFound(HttpRequest request) =>
        Error(StatusCodes.Status404NotFound, 20404, $"The requested resource {request.Path} was not found");

    /// <summary>The origin the client called, for the absolute URLs of the v1 APIs.</summary>
    public static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}";
}
