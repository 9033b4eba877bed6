using Microsoft.AspNetCore.Http.Metadata;

namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// The body limit of a file upload route: larger than the JSON routes' <see cref="RequestLimits.MaxBodyBytes"/>, and refused
/// with 413 <c>file_too_large</c> rather than <c>payload_too_large</c>.
/// </summary>
/// <param name="bytes">The largest body.</param>
public sealed class UploadLimit(long bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => bytes;
}
