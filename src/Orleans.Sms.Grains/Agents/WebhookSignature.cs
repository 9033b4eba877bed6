using System.Security.Cryptography;
using System.Text;

namespace Orleans.Sms.Agents;

/// <summary>
/// The <c>X-Sms-Signature</c> header of webhook agent calls (README.md: Agents): <c>sha256=</c> followed by the lower-case hex
/// HMAC-SHA256 of the raw request body, keyed with the use case's secret (UTF-8). Agents verify it over the bytes they
/// received, before parsing them.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "X-Sms-Signature";

    /// <summary>The prefix naming the algorithm.</summary>
    public const string Prefix = "sha256=";

    /// <summary>The header value for <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    /// <param name="secret">The use case's webhook secret.</param>
    /// <param name="body">The raw request body.</param>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>True when <paramref name="header"/> is the signature of <paramref name="body"/>; compared in constant time.</summary>
    /// <param name="secret">The use case's webhook secret.</param>
    /// <param name="body">The raw request body, as received.</param>
    /// <param name="header">The received <c>X-Sms-Signature</c> value, or null when it was missing.</param>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(header))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Compute(secret, body));
        var actual = Encoding.UTF8.GetBytes(header.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
