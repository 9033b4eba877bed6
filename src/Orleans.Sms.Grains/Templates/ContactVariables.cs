using Orleans.Sms.Contacts;

namespace Orleans.Sms.Templates;

/// <summary>
/// The variables a message template may name (docs/api.md: Campaigns) and the contact value each stands for:
/// <c>name</c>, <c>first_name</c>, <c>last_name</c>, <c>company</c>, <c>email</c>, <c>phone_number</c> and
/// <c>fields.&lt;key&gt;</c> with a key of <c>[a-z0-9_]{1,64}</c>. Names are case-sensitive; <c>external_id</c> is not one.
/// </summary>
public static class ContactVariables
{
    /// <summary>The fixed variables, in the contract's order (custom fields come as <c>fields.&lt;key&gt;</c>).</summary>
    public static IReadOnlyList<string> Members { get; } =
    [
        ContactMembers.Name, ContactMembers.FirstName, ContactMembers.LastName,
        ContactMembers.Company, ContactMembers.Email, ContactMembers.PhoneNumber,
    ];

    /// <summary>True when <paramref name="variable"/> is a variable a template may use.</summary>
    public static bool IsKnown(string variable) => TryBind(variable, out _);

    /// <summary>
    /// The value of <paramref name="variable"/> on <paramref name="contact"/> as stored (not trimmed); null when the contact
    /// lacks it or the variable is unknown. A blank value is returned as is: <see cref="IsMissing"/> says whether it counts.
    /// </summary>
    public static string? Get(Contact contact, string variable)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(variable);
        return TryBind(variable, out var binding) ? binding.ValueOf(contact) : null;
    }

    /// <summary>True when <paramref name="value"/> does not count as a value: null, empty or whitespace only.</summary>
    public static bool IsMissing(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>Resolves a variable name once, so that filling reads the contact without comparing names.</summary>
    internal static bool TryBind(string variable, out VariableBinding binding)
    {
        binding = variable switch
        {
            ContactMembers.Name => new(VariableSource.Name, null),
            ContactMembers.FirstName => new(VariableSource.FirstName, null),
            ContactMembers.LastName => new(VariableSource.LastName, null),
            ContactMembers.Company => new(VariableSource.Company, null),
            ContactMembers.Email => new(VariableSource.Email, null),
            ContactMembers.PhoneNumber => new(VariableSource.PhoneNumber, null),
            _ when variable.StartsWith(ContactMembers.FieldPrefix, StringComparison.Ordinal)
                   && ContactRules.IsFieldKey(variable[ContactMembers.FieldPrefix.Length..])
                => new(VariableSource.Field, variable[ContactMembers.FieldPrefix.Length..]),
            _ => default,
        };
        return binding.Source != VariableSource.None;
    }
}

/// <summary>Where a bound variable reads its value.</summary>
internal enum VariableSource
{
    None,
    Name,
    FirstName,
    LastName,
    Company,
    Email,
    PhoneNumber,
    Field,
}

/// <summary>A variable resolved to a contact member (or a custom field key).</summary>
/// <param name="Source">The member.</param>
/// <param name="FieldKey">The custom field's key when <paramref name="Source"/> is <see cref="VariableSource.Field"/>.</param>
internal readonly record struct VariableBinding(VariableSource Source, string? FieldKey)
{
    /// <summary>The raw value on <paramref name="contact"/>, or null.</summary>
    public string? ValueOf(Contact contact) => Source switch
    {
        VariableSource.Name => contact.Name,
        VariableSource.FirstName => contact.FirstName,
        VariableSource.LastName => contact.LastName,
        VariableSource.Company => contact.Company,
        VariableSource.Email => contact.Email,
        VariableSource.PhoneNumber => contact.PhoneNumber,
        VariableSource.Field => contact.Fields is { } fields && fields.TryGetValue(FieldKey!, out var value) ? value : null,
        _ => null,
    };
}
