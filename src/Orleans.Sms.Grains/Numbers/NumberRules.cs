using Orleans.Sms.Errors;
using Orleans.Sms.Tenants;

namespace Orleans.Sms.Numbers;

/// <summary>The rules of a number: registering it again, and its send rate (plain decisions, no I/O).</summary>
internal static class NumberRules
{
    /// <summary>The highest rate a number may be given, in message segments per second (docs/api.md: Campaigns).</summary>
    public const double MaxMps = 1000;

    /// <summary>
    /// The carriers' default throughput of a number of <paramref name="type"/> in message segments per second (docs/api.md: Campaigns):
    /// a long code (local, national, mobile) 1, toll-free 3, a short code 100.
    /// </summary>
    public static double DefaultMps(PhoneNumberType type) => type switch
    {
        PhoneNumberType.TollFree => 3,
        PhoneNumberType.ShortCode => 100,
        _ => 1,
    };

    /// <summary>
    /// The rate the number sends at: its own, else its type's default; a number no longer registered (null) is paced as a
    /// long code.
    /// </summary>
    public static double MpsOf(PhoneNumberInfo? number) =>
        number is null ? DefaultMps(PhoneNumberType.Local) : number.Mps ?? DefaultMps(number.Registration.Type);

    /// <summary>Null when <paramref name="mps"/> may be a number's rate (null: back to the default); else the refusal.</summary>
    public static SmsError? RefuseMps(double? mps) => mps is null or (> 0 and <= MaxMps)
        ? null
        : new SmsError(SmsErrorCodes.InvalidRequest, $"'mps' must be a number greater than 0 and at most {MaxMps}, or null for the type's default.");

    /// <summary>
    /// Null when <paramref name="owner"/> may register <paramref name="existing"/> again as <paramref name="registration"/>;
    /// else the refusal. Another tenant, or the same tenant in another environment, is <c>number_taken</c>: a number never
    /// moves between environments silently (its conversations and traffic would change walls with it). Dropping a
    /// capability that a binding needs is refused (<c>number_already_assigned</c>) rather than tearing the binding down
    /// behind the caller's back, as deleting a use case with numbers is refused: unassign first, then re-register.
    /// </summary>
    public static SmsError? RefuseRegistration(PhoneNumberInfo existing, ResourceOwner owner, PhoneNumberRegistration registration)
    {
        var number = existing.PhoneNumber;
        if (existing.TenantId != owner.TenantId)
        {
            return new SmsError(SmsErrorCodes.NumberTaken, $"{number} is held by another tenant.");
        }
        if (existing.Registration.Environment != owner.Environment)
        {
            return new SmsError(SmsErrorCodes.NumberTaken,
                $"{number} is registered in another environment of this tenant; numbers do not move between environments.");
        }
        if (existing.SmsUseCaseId is { } useCase && !Has(registration, "sms"))
        {
            return new SmsError(SmsErrorCodes.NumberAlreadyAssigned,
                $"{number} is in the sms pool of use case {useCase}: unassign it before registering it without 'sms'.");
        }
        if (existing.VoiceBindings is { Count: > 0 } bindings && !Has(registration, "voice"))
        {
            return new SmsError(SmsErrorCodes.NumberAlreadyAssigned,
                $"{number} is bound on {string.Join(", ", bindings.Keys.Order())}: unassign it before registering it without 'voice'.");
        }
        return null;
    }

    private static bool Has(PhoneNumberRegistration registration, string capability) =>
        registration.Capabilities.Contains(capability, StringComparer.OrdinalIgnoreCase);
}
