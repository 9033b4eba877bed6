using System.Text.Json;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Agents;

/// <summary>The wire names of <see cref="ConversationStatus"/> (docs/api.md: Conversations): <c>in_progress</c>, <c>follow_up</c>, ….</summary>
internal static class AgentStatusNames
{
    /// <summary>Every status name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<ConversationStatus>().Select(Name)];

    private static readonly Dictionary<string, ConversationStatus> ByName =
        Enum.GetValues<ConversationStatus>().ToDictionary(Name, StringComparer.Ordinal);

    /// <summary>The wire name of <paramref name="status"/>.</summary>
    public static string Name(ConversationStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>Parses a wire name; surrounding whitespace and case are forgiven, nothing else.</summary>
    public static bool TryParse(string? name, out ConversationStatus status) =>
        ByName.TryGetValue(name?.Trim().ToLowerInvariant() ?? "", out status);
}
