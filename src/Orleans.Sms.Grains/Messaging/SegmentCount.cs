using Orleans.Sms.Conversations;

namespace Orleans.Sms.Messaging;

/// <summary>How a body travels on the air: its encoding and how many SMS segments it takes.</summary>
/// <param name="Segments">Segments (at least 1; an empty body still costs one).</param>
/// <param name="Encoding">GSM-7 when every character is in the GSM 03.38 alphabets, else UCS-2.</param>
public readonly record struct SegmentCount(int Segments, SmsEncoding Encoding)
{
    /// <summary>GSM 03.38 default alphabet (escape excluded).</summary>
    private const string GsmBasic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>GSM 03.38 extension table: each costs two septets (escape + character).</summary>
    private const string GsmExtension = "\f^{}\\[~]|€";

    private const int GsmSingle = 160, GsmPart = 153, Ucs2Single = 70, Ucs2Part = 67;

    /// <summary>Counts the segments of <paramref name="body"/> the way carriers split it.</summary>
    public static SegmentCount Of(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return IsGsm7(body) ? CountGsm7(body) : CountUcs2(body);
    }

    private static bool IsGsm7(string body)
    {
        foreach (var c in body)
        {
            if (!GsmBasic.Contains(c) && !GsmExtension.Contains(c))
            {
                return false;
            }
        }
        return true;
    }

    private static SegmentCount CountGsm7(string body)
    {
        var septets = 0;
        foreach (var c in body)
        {
            septets += Gsm7Cost(c);
        }
        if (septets <= GsmSingle)
        {
            return new(1, SmsEncoding.Gsm7);
        }
        // An escape sequence is never split across two parts: a part ends early instead.
        return new(Pack(body, GsmPart, (s, i) => Gsm7Cost(s[i]), _ => 1), SmsEncoding.Gsm7);
    }

    private static SegmentCount CountUcs2(string body)
    {
        if (body.Length <= Ucs2Single)
        {
            return new(1, SmsEncoding.Ucs2);
        }
        // A surrogate pair (emoji and the like) is never split across two parts.
        return new(
            Pack(body, Ucs2Part, (s, i) => char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1,
                 cost => cost),
            SmsEncoding.Ucs2);
    }

    private static int Gsm7Cost(char c) => GsmExtension.Contains(c) ? 2 : 1;

    /// <summary>Greedy packing of indivisible units into parts of <paramref name="capacity"/>.</summary>
    /// <param name="body">The text.</param>
    /// <param name="capacity">Room per part.</param>
    /// <param name="cost">Cost of the unit starting at index i.</param>
    /// <param name="width">Number of chars the unit spans, given its cost.</param>
    private static int Pack(string body, int capacity, Func<string, int, int> cost, Func<int, int> width)
    {
        int parts = 1, used = 0;
        for (var i = 0; i < body.Length;)
        {
            var unit = cost(body, i);
            if (used + unit > capacity)
            {
                parts++;
                used = 0;
            }
            used += unit;
            i += width(unit);
        }
        return parts;
    }
}
