using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Sms.Conversations;

/// <summary>The conversation's context for its agent: a JSON object, merged key by key (top level), bounded in size.</summary>
public static class AgentContext
{
    /// <summary>Context lives in grain state: it stays small.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>True when <paramref name="json"/> is a JSON object of at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsValid(string? json)
    {
        if (json is null)
        {
            return true;
        }
        if (json.Length > MaxLength)
        {
            return false;
        }
        try
        {
            return JsonNode.Parse(json) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// <paramref name="update"/>'s members over <paramref name="current"/>'s; an invalid or oversized result keeps
    /// <paramref name="current"/> (an agent's bad memory never loses what the caller supplied).
    /// </summary>
    public static string? Merge(string? current, string? update)
    {
        if (update is null || !IsValid(update))
        {
            return current;
        }
        if (current is null)
        {
            return update;
        }
        var merged = (JsonObject)JsonNode.Parse(current)!;
        foreach (var (key, value) in (JsonObject)JsonNode.Parse(update)!)
        {
            merged[key] = value?.DeepClone();
        }
        var json = merged.ToJsonString();
        return json.Length <= MaxLength ? json : current;
    }
}
