using System.Globalization;
using System.Text;
using System.Text.Json;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// Which contact member each column of a contact CSV fills (docs/api.md: CSV imports): the optional mapping first, then the header
/// synonyms, then <c>fields.&lt;header in snake_case&gt;</c>.
/// </summary>
public static class ContactCsvColumns
{
    /// <summary>The target of a column whose cells are not imported.</summary>
    public const string Ignore = "ignore";

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["phone"] = ContactMembers.PhoneNumber, ["phonenumber"] = ContactMembers.PhoneNumber, ["mobile"] = ContactMembers.PhoneNumber,
        ["cell"] = ContactMembers.PhoneNumber, ["cellphone"] = ContactMembers.PhoneNumber, ["telephone"] = ContactMembers.PhoneNumber,
        ["tel"] = ContactMembers.PhoneNumber, ["number"] = ContactMembers.PhoneNumber,
        ["name"] = ContactMembers.Name, ["fullname"] = ContactMembers.Name,
        ["firstname"] = ContactMembers.FirstName, ["givenname"] = ContactMembers.FirstName,
        ["lastname"] = ContactMembers.LastName, ["surname"] = ContactMembers.LastName, ["familyname"] = ContactMembers.LastName,
        ["company"] = ContactMembers.Company, ["organization"] = ContactMembers.Company, ["organisation"] = ContactMembers.Company,
        ["business"] = ContactMembers.Company,
        ["email"] = ContactMembers.Email, ["emailaddress"] = ContactMembers.Email,
        ["externalid"] = ContactMembers.ExternalId, ["id"] = ContactMembers.ExternalId,
    };

    /// <summary>
    /// The target of each column of <paramref name="header"/>, in order: a member of <see cref="ContactMembers.All"/>,
    /// <c>fields.&lt;key&gt;</c> or <see cref="Ignore"/>. Refuses (<c>invalid_mapping</c>) a mapping that is not a JSON object of
    /// strings, names an unknown target or a header the file does not have, and two columns for one target; then
    /// (<c>phone_column_missing</c>) a header without a phone column.
    /// </summary>
    public static SmsResult<IReadOnlyList<string>> Resolve(IReadOnlyList<string> header, string? mappingJson)
    {
        var targets = header.Select(AutoTarget).ToArray();
        if (!string.IsNullOrWhiteSpace(mappingJson))
        {
            var mapped = ApplyMapping(header, mappingJson, targets);
            if (mapped is not null)
            {
                return SmsResult<IReadOnlyList<string>>.Fail(SmsErrorCodes.InvalidMapping, mapped);
            }
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < targets.Length; i++)
        {
            if (targets[i] == Ignore)
            {
                continue;
            }
            if (!owners.TryAdd(targets[i], header[i]))
            {
                return SmsResult<IReadOnlyList<string>>.Fail(SmsErrorCodes.InvalidMapping,
                    $"Columns '{owners[targets[i]]}' and '{header[i]}' both map to '{targets[i]}'; map or ignore one of them.");
            }
        }
        if (!owners.ContainsKey(ContactMembers.PhoneNumber))
        {
            return SmsResult<IReadOnlyList<string>>.Fail(SmsErrorCodes.PhoneColumnMissing,
                "No column holds the phone number: name it Phone (or Mobile, Cell, ...) or map it to 'phone_number'.");
        }
        return SmsResult<IReadOnlyList<string>>.Ok(targets);
    }

    /// <summary>
    /// The target of a header without a mapping: a member by its synonyms, else <c>fields.&lt;snake_case&gt;</c>, else (a header
    /// with no letter or digit a key could keep, such as an empty one) <see cref="Ignore"/>.
    /// </summary>
    public static string AutoTarget(string header)
    {
        var compact = new StringBuilder(header.Length);
        foreach (var c in header)
        {
            if (char.IsLetterOrDigit(c))
            {
                compact.Append(char.ToLowerInvariant(c));
            }
        }
        if (Synonyms.TryGetValue(compact.ToString(), out var member))
        {
            return member;
        }
        var key = ToFieldKey(header);
        return key is null ? Ignore : ContactMembers.FieldPrefix + key;
    }

    /// <summary>
    /// <paramref name="header"/> in snake_case as a custom field key (<c>"Favorite Color"</c> → <c>favorite_color</c>,
    /// <c>"LoyaltyTier"</c> → <c>loyalty_tier</c>, accents dropped, cut to 64 characters); null when nothing is left.
    /// </summary>
    public static string? ToFieldKey(string header)
    {
        var key = new StringBuilder(header.Length);
        var previous = '_';
        foreach (var c in header.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (char.IsAsciiLetterUpper(c) && (char.IsAsciiLetterLower(previous) || char.IsAsciiDigit(previous)))
                {
                    key.Append('_');
                }
                key.Append(char.ToLowerInvariant(c));
                previous = c;
            }
            else if (previous != '_')
            {
                key.Append('_');
                previous = '_';
            }
        }
        var text = key.ToString().Trim('_');
        if (text.Length > 64)
        {
            text = text[..64].TrimEnd('_');
        }
        return text.Length == 0 ? null : text;
    }

    /// <summary>Applies the mapping to <paramref name="targets"/>; the reason it is invalid, or null.</summary>
    private static string? ApplyMapping(IReadOnlyList<string> header, string mappingJson, string[] targets)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(mappingJson);
        }
        catch (JsonException)
        {
            return "The mapping is not valid JSON.";
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "The mapping must be a JSON object: CSV header → member, fields.<key> or ignore.";
            }
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!named.Add(property.Name))
                {
                    return $"The mapping names '{property.Name}' twice.";
                }
                if (property.Value.ValueKind != JsonValueKind.String || !IsTarget(property.Value.GetString()!))
                {
                    return $"The mapping of '{property.Name}' must be one of {string.Join(", ", ContactMembers.All)}, fields.<key> (key of a-z, 0-9 and _) or ignore.";
                }
                var target = property.Value.GetString()!;
                var found = false;
                for (var i = 0; i < header.Count; i++)
                {
                    if (SameHeader(header[i], property.Name))
                    {
                        targets[i] = target;
                        found = true;
                    }
                }
                if (!found)
                {
                    return $"The mapping names '{property.Name}', which is not a column of the file.";
                }
            }
        }
        return null;
    }

    private static bool IsTarget(string target) =>
        target == Ignore
        || ContactMembers.All.Contains(target)
        || (target.StartsWith(ContactMembers.FieldPrefix, StringComparison.Ordinal) && ContactRules.IsFieldKey(target[ContactMembers.FieldPrefix.Length..]));

    // Spreadsheets pad headers and people retype them: "Phone " in the file is "phone" in the mapping.
    private static bool SameHeader(string column, string name) =>
        string.Equals(column.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase);
}
