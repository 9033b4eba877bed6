using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Sms.Samples.ReminderAgent;

/// <summary>
/// The engine's <c>X-Sms-Signature</c>: <c>sha256=</c> and the hex HMAC-SHA256 of the raw body, keyed with the use case's
/// secret (UTF-8). Checked over the bytes as received, before they are parsed.
/// </summary>
public static class RequestSignature
{
    public const string HeaderName = "X-Sms-Signature";
    public const string Prefix = "sha256=";

    /// <summary>True when <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static bool IsValid(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(secret) || header is null || !header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        // Compare the MACs as bytes, in constant time, so that timing says nothing about how much of a guess was right.
        Span<byte> received = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var hex = header.AsSpan(Prefix.Length).Trim();
        if (Convert.FromHexString(hex, received, out _, out var written) != OperationStatus.Done || written != received.Length)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
