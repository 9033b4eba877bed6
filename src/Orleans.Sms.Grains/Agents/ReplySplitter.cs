using System.Globalization;

namespace Orleans.Sms.Agents;

/// <summary>
/// Splits an agent's reply that is longer than one SMS body allows (1600 characters at Twilio) into several messages,
/// cutting where a reader would: after a sentence, else between words, else between characters. At most
/// <see cref="MaxParts"/> messages come out of one reply (docs/api.md: Boundaries); the rest is dropped and reported as truncated.
/// </summary>
public static class ReplySplitter
{
    /// <summary>The longest body Twilio accepts for one message, in UTF-16 code units.</summary>
    public const int MaxBodyLength = Conversations.SmsLimits.MaxBodyLength;

    /// <summary>The most messages one reply becomes; what would follow is dropped.</summary>
    public const int MaxParts = 10;

    /// <summary>
    /// As <see cref="Split(string, out bool, int, int)"/>, for callers that only need the parts.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int maxLength = MaxBodyLength, int maxParts = MaxParts) =>
        Split(text, out _, maxLength, maxParts);

    /// <summary>
    /// The parts of <paramref name="text"/>, in order, each at most <paramref name="maxLength"/> UTF-16 code units,
    /// trimmed at the cuts and never empty. Text that fits is one part (trimmed); blank text is no part.
    /// </summary>
    /// <remarks>
    /// A cut goes after the last sentence end (<c>.</c> <c>!</c> or <c>?</c> followed by whitespace) in the second half of the
    /// allowed length; failing that, at the last whitespace; failing that (one very long word), at the last boundary between
    /// user-perceived characters, so that neither a surrogate pair nor an emoji sequence is split (unless one such character
    /// alone is longer than <paramref name="maxLength"/>; even then a surrogate pair stays whole).
    /// </remarks>
    /// <param name="text">The reply.</param>
    /// <param name="truncated">True when text was left after <paramref name="maxParts"/> parts and dropped.</param>
    /// <param name="maxLength">The longest part allowed; at least 2 (one surrogate pair).</param>
    /// <param name="maxParts">The most parts returned; at least 1.</param>
    public static IReadOnlyList<string> Split(string text, out bool truncated, int maxLength = MaxBodyLength, int maxParts = MaxParts)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParts, 1);
        var parts = new List<string>();
        var rest = text.AsSpan().Trim();
        // Stops at the cap: a megabyte of reply costs no more work than the parts that are kept.
        while (rest.Length > maxLength && parts.Count < maxParts)
        {
            var cut = SentenceCut(rest, maxLength) ?? WordCut(rest, maxLength) ?? HardCut(rest, maxLength);
            parts.Add(rest[..cut].TrimEnd().ToString());
            rest = rest[cut..].TrimStart();
        }
        truncated = !rest.IsEmpty && parts.Count == maxParts;
        if (!rest.IsEmpty && !truncated)
        {
            parts.Add(rest.ToString());
        }
        return parts;
    }

    /// <summary>The length of a first part ending on a sentence end, if one lies in the second half of the allowed length.</summary>
    private static int? SentenceCut(ReadOnlySpan<char> text, int maxLength)
    {
        // A part cut after an early sentence would waste most of a message; the word cut fills it instead.
        for (var end = maxLength; end > maxLength / 2; end--)
        {
            if (text[end - 1] is '.' or '!' or '?' && char.IsWhiteSpace(text[end]))
            {
                return end;
            }
        }
        return null;
    }

    /// <summary>The length of a first part ending before the last whitespace that lets it fit.</summary>
    private static int? WordCut(ReadOnlySpan<char> text, int maxLength)
    {
        // text starts with a non-blank (it is trimmed), so a cut at 1 or later keeps the part non-empty.
        for (var cut = maxLength; cut > 0; cut--)
        {
            if (char.IsWhiteSpace(text[cut]))
            {
                return cut;
            }
        }
        return null;
    }

    /// <summary>The longest first part that ends between two text elements (graphemes), or at least between code points.</summary>
    private static int HardCut(ReadOnlySpan<char> text, int maxLength)
    {
        var cut = 0;
        while (cut < text.Length)
        {
            var next = cut + StringInfo.GetNextTextElementLength(text[cut..]);
            if (next > maxLength)
            {
                break;
            }
            cut = next;
        }
        if (cut > 0)
        {
            return cut;
        }
        // A single text element longer than the whole part (a long combining sequence): cut between code points.
        return char.IsHighSurrogate(text[maxLength - 1]) && char.IsLowSurrogate(text[maxLength]) ? maxLength - 1 : maxLength;
    }
}
