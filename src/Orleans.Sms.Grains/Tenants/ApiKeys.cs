using System.Security.Cryptography;
using System.Text;

namespace Orleans.Sms.Tenants;

/// <summary>API key material: random keys, shown once, stored and looked up only by their keyed hash.</summary>
public static class ApiKeys
{
    public static readonly IReadOnlyList<string> Environments = ["dev", "sandbox", "live"];

    public static string New(string environment) =>
        $"sk_{environment}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";

    public static string NewKeyId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}

/// <summary>Settings of API key hashing. Bound from <c>Sms:ApiKeys</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Sms:ApiKeys";

    /// <summary>The secret of the keyed hash (HMAC-SHA256). Changing it invalidates every issued key.</summary>
    public string? HashKey { get; set; }
}

/// <summary>
/// Hashes API keys with HMAC-SHA256 under a server secret, so a leaked key table cannot be checked offline
/// without that secret; comparisons are constant-time.
/// </summary>
public sealed class ApiKeyHasher(IOptions<ApiKeyOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(
        options.Value.HashKey ?? throw new InvalidOperationException($"{ApiKeyOptions.SectionName}:HashKey is not set."));

    public string Hash(string apiKey) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(apiKey)));

    public static bool SameHash(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(left), Encoding.ASCII.GetBytes(right));
}
