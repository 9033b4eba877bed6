using System.Security.Cryptography;
using System.Text;

namespace Orleans.Sms.Tenants;

/// <summary>API key material: keys are random, shown once, and looked up by their SHA-256.</summary>
public static class ApiKeys
{
    public static string New(string environment) =>
        $"sk_{environment}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";

    public static string Hash(string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    public static readonly IReadOnlyList<string> Environments = ["dev", "sandbox", "live"];
}
