using System.Security.Cryptography;
using System.Text;

namespace Orleans.Sms.Conversations;

/// <summary>
/// Conversation ids: one per (agent number, customer number) pair, opaque and stable.
/// Derived from the pair so that every front door (webhook, API, SDK) reaches the same grain without a lookup.
/// </summary>
public static class ConversationId
{
    /// <summary>The id of the conversation between two E.164 numbers.</summary>
    public static string For(string agentNumber, string customerNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentNumber);
        ArgumentException.ThrowIfNullOrEmpty(customerNumber);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{agentNumber}|{customerNumber}"));
        return "conv_" + Convert.ToHexStringLower(hash, 0, 16);
    }

    /// <summary>True when <paramref name="value"/> has the shape of a conversation id.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: 37 } && value.StartsWith("conv_", StringComparison.Ordinal)
        && value.AsSpan(5).ContainsAnyExcept("0123456789abcdef") is false;
}
