using Orleans.Sms.Conversations;

namespace Orleans.Sms.Routing;

/// <summary>Carrier keywords (docs/api.md: Twilio webhooks): the whole message, any case, surrounding spaces ignored.</summary>
public static class Keywords
{
    private static readonly HashSet<string> OptOut = new(StringComparer.OrdinalIgnoreCase)
        { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT" };

    private static readonly HashSet<string> OptIn = new(StringComparer.OrdinalIgnoreCase) { "START", "YES", "UNSTOP" };

    private static readonly HashSet<string> Help = new(StringComparer.OrdinalIgnoreCase) { "HELP", "INFO" };

    public static InboundKeyword Classify(string? body)
    {
        var word = body?.Trim() ?? "";
        return OptOut.Contains(word) ? InboundKeyword.OptOut
            : OptIn.Contains(word) ? InboundKeyword.OptIn
            : Help.Contains(word) ? InboundKeyword.Help
            : InboundKeyword.None;
    }
}
