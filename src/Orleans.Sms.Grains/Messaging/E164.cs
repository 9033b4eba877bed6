using PhoneNumbers;

namespace Orleans.Sms.Messaging;

/// <summary>Normalises phone numbers in any common format to E.164 (libphonenumber).</summary>
public static class E164
{
    /// <summary>Numbers without a country code are read as this region's.</summary>
    public const string DefaultRegion = "US";

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Normalises a number taken from a route, which is E.164 with or without its <c>+</c> (docs/api.md: Phone numbers):
    /// digits that are not a US number (<see cref="DefaultRegion"/>, as everywhere) are read as E.164 without the <c>+</c>,
    /// so <c>447700900123</c> is <c>+447700900123</c> while <c>4155550142</c> stays <c>+14155550142</c>.
    /// </summary>
    public static bool TryNormalizeRoute(string? input, out string e164) =>
        TryNormalize(input, out e164)
        || (input is { Length: > 0 } digits && digits.All(char.IsAsciiDigit) && TryNormalize("+" + digits, out e164));

    /// <summary>Normalises <paramref name="input"/>; false when it is not a possible phone number.</summary>
    public static bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64)
        {
            return false;
        }
        try
        {
            var parsed = Numbers.Parse(input, DefaultRegion);
            // "Possible" (right length for the region), not "valid": test ranges like 555-01xx must pass.
            if (!Numbers.IsPossibleNumber(parsed))
            {
                return false;
            }
            e164 = Numbers.Format(parsed, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
