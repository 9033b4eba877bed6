using Orleans.Sms.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// What one request may carry (docs/api.md: Boundaries), refused with problem+json before any route reads it: a body over
/// <see cref="MaxBodyBytes"/> → 413 <c>payload_too_large</c>, a request target over <see cref="MaxTargetLength"/> → 414
/// <c>uri_too_long</c>, headers over <see cref="MaxHeaderBytes"/> → 431 <c>request_headers_too_large</c>.
/// Kestrel's own limits sit above these, so that what the app can refuse gets a body; a request past Kestrel's limits
/// (or one it cannot parse at all) is answered by Kestrel alone, before the app exists for it, with an empty body.
/// </summary>
public static class RequestLimits
{
    /// <summary>The largest body of a JSON route or a form webhook. A route may allow another size with <c>[RequestSizeLimit]</c>.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>The longest request target (path and query).</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>The most header bytes (names and values) of one request.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes; // the middleware below sets it per route
            kestrel.Limits.MaxRequestLineSize = MaxTargetLength * 2;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxHeaderBytes * 2;
        });
        return builder;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Refusal(context) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static IResult? Refusal(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw.Length
            : (context.Request.PathBase + context.Request.Path).ToUriComponent().Length + context.Request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetLength)
        {
            return Problems.Create(414, SmsErrorCodes.UriTooLong, "URI too long", $"The request target is longer than {MaxTargetLength} characters.");
        }
        var headerBytes = 0L;
        foreach (var (name, values) in context.Request.Headers)
        {
            headerBytes += name.Length + 4; // ": " and CRLF
            foreach (var value in values)
            {
                headerBytes += value?.Length ?? 0;
            }
        }
        if (headerBytes > MaxHeaderBytes)
        {
            return Problems.Create(431, SmsErrorCodes.HeadersTooLarge, "Request headers too large", $"The request headers are larger than {MaxHeaderBytes} bytes.");
        }
        var sizeLimit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var limit = sizeLimit?.MaxRequestBodySize ?? MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return sizeLimit is UploadLimit
                ? Problems.Create(413, SmsErrorCodes.FileTooLarge, "File too large", $"The upload is larger than {limit} bytes.")
                : TooLarge(limit);
        }
        // A body without a length (chunked) stops at the limit while it is read: the server throws a 413 the exception
        // handler answers. The feature is read-only once the body is being read (never the case this early).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
        return null;
    }

    public static IResult TooLarge(long? limit) => Problems.Create(413, SmsErrorCodes.PayloadTooLarge, "Payload too large",
        limit is null ? "The request body is too large." : $"The request body is larger than {limit} bytes.");
}
