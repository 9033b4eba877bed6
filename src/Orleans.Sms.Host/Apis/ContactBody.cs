using System.Text.Json;
using Orleans.Sms.Contacts;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Host.Apis;

/// <summary>
/// Reads the JSON body of a contact create or PATCH into <see cref="ContactChanges"/>: which members were given (a PATCH
/// changes only those), with their values. The rules of the values are <see cref="ContactRules"/>'s.
/// </summary>
public static class ContactBody
{
    private const string FieldsMember = "fields";

    public static SmsResult<ContactChanges> Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Invalid(SmsErrorCodes.InvalidRequest, "The body must be a JSON object.");
        }
        var members = new Dictionary<string, string?>(StringComparer.Ordinal);
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var member in body.EnumerateObject())
        {
            if (member.Name == FieldsMember)
            {
                if (ReadFields(member.Value, fields) is { } badFields)
                {
                    return SmsResult<ContactChanges>.Fail(badFields);
                }
                continue;
            }
            if (!ContactMembers.All.Contains(member.Name))
            {
                return Invalid(SmsErrorCodes.InvalidRequest,
                    $"'{member.Name}' is not a member of a contact: use {string.Join(", ", ContactMembers.All)} and fields.");
            }
            if (member.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                var code = member.Name == ContactMembers.PhoneNumber ? SmsErrorCodes.InvalidPhoneNumber : SmsErrorCodes.InvalidContact;
                return Invalid(code, $"'{member.Name}' must be a string or null.");
            }
            members[member.Name] = member.Value.ValueKind == JsonValueKind.Null ? null : member.Value.GetString();
        }
        return SmsResult<ContactChanges>.Ok(new ContactChanges(members, fields));
    }

    private static SmsError? ReadFields(JsonElement value, Dictionary<string, string?> fields)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return new SmsError(SmsErrorCodes.InvalidContact, "'fields' must be an object of string values.");
        }
        foreach (var field in value.EnumerateObject())
        {
            if (field.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return new SmsError(SmsErrorCodes.InvalidContact, $"Field '{field.Name}' must be a string (or null to remove it).");
            }
            fields[field.Name] = field.Value.ValueKind == JsonValueKind.Null ? null : field.Value.GetString();
        }
        return null;
    }

    private static SmsResult<ContactChanges> Invalid(string code, string detail) => SmsResult<ContactChanges>.Fail(code, detail);
}
