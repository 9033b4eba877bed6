namespace Orleans.Sms.Contacts;

/// <summary>
/// Values given for a contact's members: the body of a create or a PATCH, or one CSV row. A member that is absent stays as
/// it is; a member given as null is cleared. Inside <see cref="Fields"/> a null value removes that key.
/// </summary>
/// <param name="Members">Member name (<see cref="ContactMembers"/>) → value.</param>
/// <param name="Fields">Custom field key → value (null removes the key).</param>
[GenerateSerializer, Immutable, Alias("sms.ContactChanges")]
public sealed record class ContactChanges(
    [property: Id(0)] IReadOnlyDictionary<string, string?> Members,
    [property: Id(1)] IReadOnlyDictionary<string, string?> Fields)
{
    /// <summary>No change.</summary>
    public static ContactChanges None { get; } = new(new Dictionary<string, string?>(), new Dictionary<string, string?>());

    /// <summary>The value given for <paramref name="member"/>, and whether it was given at all.</summary>
    public bool TryGet(string member, out string? value) => Members.TryGetValue(member, out value);
}

/// <summary>The names of a contact's members, as the API and CSV mappings spell them (docs/api.md: Contacts, CSV imports).</summary>
public static class ContactMembers
{
    /// <summary>E.164 after normalisation.</summary>
    public const string PhoneNumber = "phone_number";
    /// <summary>Display name.</summary>
    public const string Name = "name";
    /// <summary>Given name.</summary>
    public const string FirstName = "first_name";
    /// <summary>Family name.</summary>
    public const string LastName = "last_name";
    /// <summary>Company.</summary>
    public const string Company = "company";
    /// <summary>E-mail address.</summary>
    public const string Email = "email";
    /// <summary>The tenant's own id.</summary>
    public const string ExternalId = "external_id";
    /// <summary>Prefix of a custom field: <c>fields.&lt;key&gt;</c>.</summary>
    public const string FieldPrefix = "fields.";

    /// <summary>Every member other than the custom fields, in the contract's order.</summary>
    public static IReadOnlyList<string> All { get; } = [PhoneNumber, Name, FirstName, LastName, Company, Email, ExternalId];
}
