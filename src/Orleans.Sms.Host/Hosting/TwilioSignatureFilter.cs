using Orleans.Sms.Errors;
using Twilio.Security;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> with the Twilio SDK's validator over <c>Sms:PublicBaseUrl</c> (or the request's
/// own origin) + path + query and every form field received. Never skipped, also not for local requests.
/// A missing or wrong signature answers 403 and nothing is stored; it is logged as one warning line. A host without a
/// Twilio auth token (the simulator) refuses every request: a signature made with an empty key proves nothing.
/// </summary>
internal sealed class TwilioSignatureFilter(SmsHostOptions options, ILogger<TwilioSignatureFilter> logger) : IEndpointFilter
{
    public const string Header = "X-Twilio-Signature";

    private readonly RequestValidator _validator = new(options.Twilio.AuthToken ?? "");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var signature = http.Request.Headers[Header].ToString();
        var url = PublicUrl(http.Request);
        if (string.IsNullOrEmpty(options.Twilio.AuthToken))
        {
            return Refuse(url, "this host has no Twilio auth token (Sms:Twilio:AuthToken) to check signatures with");
        }
        if (signature.Length == 0 || !http.Request.HasFormContentType)
        {
            return Refuse(url, "no signature or no form");
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        // A body past its limit is not a forgery: that one goes on to the exception handler's 413.
        // (BadHttpRequestException is an IOException.)
        catch (Exception ex) when (ex is InvalidDataException or IOException
            && ex is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return Refuse(url, "unreadable form");
        }
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        return _validator.Validate(url, fields, signature) ? await next(context) : Refuse(url, "signature mismatch");
    }

    private string PublicUrl(HttpRequest request)
    {
        var origin = options.PublicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";
        return origin + request.PathBase + request.Path + request.QueryString;
    }

    private IResult Refuse(string url, string why)
    {
        logger.LogWarning("Refused a Twilio webhook for {Url}: {Reason}", url, why);
        return Problems.Create(403, SmsErrorCodes.InvalidSignature, "Forbidden", "The request is not signed by Twilio for this URL.");
    }
}
