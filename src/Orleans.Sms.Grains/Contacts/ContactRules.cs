using System.Text.RegularExpressions;
using Orleans.Sms.Errors;
using Orleans.Sms.Messaging;

namespace Orleans.Sms.Contacts;

/// <summary>
/// The rules of a contact's members (docs/api.md: Contacts), for the API, the SDK and CSV imports alike: applies given values to a
/// contact (or to none, for a new one) and says which member broke which rule.
/// </summary>
public static partial class ContactRules
{
    /// <summary>Longest <c>name</c>, <c>first_name</c>, <c>last_name</c>, <c>company</c>, <c>email</c>, <c>external_id</c>.</summary>
    public const int MaxMemberLength = 200;
    /// <summary>Longest custom field value.</summary>
    public const int MaxFieldValueLength = 1000;
    /// <summary>Most custom fields on one contact.</summary>
    public const int MaxFields = 50;

    /// <summary>
    /// Applies <paramref name="changes"/> to <paramref name="current"/>, or makes a new contact whose id is in its number's
    /// shard (<see cref="ContactShard.NewId"/>).
    /// </summary>
    public static ContactOutcome Apply(Contact? current, ContactChanges changes, DateTimeOffset now)
    {
        var outcome = Apply(current, changes, current?.ContactId ?? "", now);
        return current is null && outcome.Contact is { } made
            ? ContactOutcome.Ok(made with { ContactId = ContactShard.NewId(made.PhoneNumber) })
            : outcome;
    }

    /// <summary>True when <paramref name="key"/> may name a custom field: <c>[a-z0-9_]{1,64}</c>.</summary>
    public static bool IsFieldKey(string key) => FieldKey().IsMatch(key);

    /// <summary>
    /// Applies <paramref name="changes"/> to <paramref name="current"/> (null: a new contact with id <paramref name="contactId"/>).
    /// Values are trimmed and a blank one clears its member. The name follows first and last name while nobody set it apart.
    /// </summary>
    public static ContactOutcome Apply(Contact? current, ContactChanges changes, string contactId, DateTimeOffset now)
    {
        var phone = current?.PhoneNumber;
        if (changes.TryGet(ContactMembers.PhoneNumber, out var givenPhone) || current is null)
        {
            if (!E164.TryNormalize(givenPhone, out var normalized))
            {
                var detail = string.IsNullOrWhiteSpace(givenPhone)
                    ? "'phone_number' is required."
                    : $"'phone_number' is not a phone number: '{givenPhone}'.";
                return ContactOutcome.Fail(SmsErrorCodes.InvalidPhoneNumber, ContactMembers.PhoneNumber, detail, givenPhone);
            }
            phone = normalized;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [ContactMembers.Name] = current?.Name,
            [ContactMembers.FirstName] = current?.FirstName,
            [ContactMembers.LastName] = current?.LastName,
            [ContactMembers.Company] = current?.Company,
            [ContactMembers.Email] = current?.Email,
            [ContactMembers.ExternalId] = current?.ExternalId,
        };
        foreach (var (member, value) in changes.Members)
        {
            if (member == ContactMembers.PhoneNumber)
            {
                continue;
            }
            if (!values.ContainsKey(member))
            {
                return ContactOutcome.Fail(SmsErrorCodes.InvalidContact, member, $"'{member}' is not a member of a contact.", value);
            }
            var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (trimmed is { Length: > MaxMemberLength })
            {
                return ContactOutcome.Fail(SmsErrorCodes.InvalidContact, member, $"'{member}' is longer than {MaxMemberLength} characters.", value);
            }
            values[member] = trimmed;
        }

        var fields = current is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(current.Fields, StringComparer.Ordinal);
        foreach (var (key, value) in changes.Fields)
        {
            var member = ContactMembers.FieldPrefix + key;
            if (!IsFieldKey(key))
            {
                return ContactOutcome.Fail(SmsErrorCodes.InvalidContact, member, $"Field key '{key}' must be 1 to 64 of a-z, 0-9 and _.", value);
            }
            if (value is null)
            {
                fields.Remove(key);
                continue;
            }
            if (value.Length > MaxFieldValueLength)
            {
                return ContactOutcome.Fail(SmsErrorCodes.InvalidContact, member, $"Field '{key}' is longer than {MaxFieldValueLength} characters.", value);
            }
            fields[key] = value;
        }
        if (fields.Count > MaxFields)
        {
            return ContactOutcome.Fail(SmsErrorCodes.InvalidContact, "fields", $"A contact has at most {MaxFields} fields; this one would have {fields.Count}.", null);
        }

        // A name left out, null or blank is first and last name; so is one derived before, as they change.
        if (values[ContactMembers.Name] is null
            || (!changes.Members.ContainsKey(ContactMembers.Name) && current is not null && current.Name == DerivedName(current.FirstName, current.LastName)))
        {
            values[ContactMembers.Name] = DerivedName(values[ContactMembers.FirstName], values[ContactMembers.LastName]);
        }

        return ContactOutcome.Ok(new Contact(
            current?.ContactId ?? contactId, phone!, values[ContactMembers.Name], values[ContactMembers.FirstName],
            values[ContactMembers.LastName], values[ContactMembers.Company], values[ContactMembers.Email], values[ContactMembers.ExternalId],
            fields, current?.CreatedAt ?? now, now));
    }

    /// <summary><c>first_name last_name</c>, trimmed; null when both are empty.</summary>
    public static string? DerivedName(string? firstName, string? lastName)
    {
        var name = $"{firstName} {lastName}".Trim();
        return name.Length == 0 ? null : name;
    }

    [GeneratedRegex("^[a-z0-9_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldKey();
}

/// <summary>The contact that <see cref="ContactRules"/> made, or the rule it broke.</summary>
/// <param name="Contact">The contact, when the changes were valid.</param>
/// <param name="Error">The broken rule, when they were not.</param>
public sealed record class ContactOutcome(Contact? Contact, ContactRuleError? Error)
{
    /// <summary>A valid result.</summary>
    public static ContactOutcome Ok(Contact contact) => new(contact, null);

    /// <summary>A broken rule.</summary>
    public static ContactOutcome Fail(string code, string member, string detail, string? value) => new(null, new ContactRuleError(code, member, detail, value));
}

/// <summary>A broken contact rule: its code, the member it concerns, why, and the value given.</summary>
/// <param name="Code"><c>invalid_phone_number</c> or <c>invalid_contact</c>.</param>
/// <param name="Member">The member (<c>fields.&lt;key&gt;</c> for a custom field).</param>
/// <param name="Detail">Why, for people.</param>
/// <param name="Value">The value given.</param>
public sealed record class ContactRuleError(string Code, string Member, string Detail, string? Value)
{
    /// <summary>The same refusal as an <see cref="SmsError"/>.</summary>
    public SmsError ToSmsError() => new(Code, Detail);
}
