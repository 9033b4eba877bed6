namespace Orleans.Sms.Contacts;

/// <summary>A person the tenant texts (docs/api.md: Contacts): one per phone number per environment.</summary>
/// <param name="ContactId">Opaque, stable id (<c>ct_…</c>).</param>
/// <param name="PhoneNumber">E.164.</param>
/// <param name="Name">Display name; defaults to <c>first_name last_name</c>.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="Company">Company.</param>
/// <param name="Email">E-mail address (not validated beyond its length).</param>
/// <param name="ExternalId">The tenant's own id of this person (a CRM id).</param>
/// <param name="Fields">Custom fields, <c>[a-z0-9_]{1,64}</c> keys, string values.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last change.</param>
[GenerateSerializer, Immutable, Alias("sms.Contact")]
public sealed record class Contact(
    [property: Id(0)] string ContactId,
    [property: Id(1)] string PhoneNumber,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? FirstName,
    [property: Id(4)] string? LastName,
    [property: Id(5)] string? Company,
    [property: Id(6)] string? Email,
    [property: Id(7)] string? ExternalId,
    [property: Id(8)] IReadOnlyDictionary<string, string> Fields,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset UpdatedAt);

/// <summary>What a conversation shows of its customer's contact (docs/api.md: Conversation view).</summary>
/// <param name="ContactId">The contact.</param>
/// <param name="Name">Its name.</param>
[GenerateSerializer, Immutable, Alias("sms.ContactRef")]
public sealed record class ContactRef(
    [property: Id(0)] string ContactId,
    [property: Id(1)] string? Name);

/// <summary>One page of contacts, in a stable order, with the cursor of the next page (null at the end).</summary>
/// <param name="Contacts">This page.</param>
/// <param name="NextCursor">Opaque cursor of the next page; null when there is none.</param>
[GenerateSerializer, Immutable, Alias("sms.ContactPage")]
public sealed record class ContactPage(
    [property: Id(0)] IReadOnlyList<Contact> Contacts,
    [property: Id(1)] string? NextCursor);
