using PhoneNumbers;

namespace Orleans.Sms.Messaging;

/// <summary>Normalises phone numbers in any common format to E.164 (libphonenumber).</summary>
public static class E164
{
    /// <summary>Numbers without a country code are read as this region's.</summary>
    public const string DefaultRegion = "US";

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

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
