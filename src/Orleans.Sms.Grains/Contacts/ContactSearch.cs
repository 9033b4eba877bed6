namespace Orleans.Sms.Contacts;

/// <summary>The <c>q</c> of <c>GET /v1/contacts</c>: a case-insensitive substring of name, company or email.</summary>
public static class ContactSearch
{
    /// <summary>The text a query is matched against, lower case (kept with the contact on tables, so a scan filters without parsing).</summary>
    public static string TextOf(Contact contact) =>
        string.Join('\n', contact.Name, contact.Company, contact.Email).ToLowerInvariant();

    /// <summary>True when <paramref name="query"/> (null: no filter) is in the contact's name, company or email.</summary>
    public static bool Matches(Contact contact, string? query) =>
        query is null || Matches(TextOf(contact), query);

    /// <summary>True when <paramref name="query"/> is in <paramref name="searchText"/> (both as <see cref="TextOf"/> makes them).</summary>
    public static bool Matches(string searchText, string? query) =>
        query is null || searchText.Contains(query.ToLowerInvariant(), StringComparison.Ordinal);
}
