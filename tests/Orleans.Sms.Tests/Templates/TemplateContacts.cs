using Orleans.Sms.Contacts;

namespace Orleans.Sms.Tests.Templates;

/// <summary>Contacts for template tests: Ann Lee of Acme, with the given members replaced.</summary>
internal static class TemplateContacts
{
    private static readonly DateTimeOffset Created = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static Contact Ann(IReadOnlyDictionary<string, string>? fields = null) => new(
        "ct_ann", "+14155550142", "Ann Lee", "Ann", "Lee", "Acme", "ann@example.com", "crm-7",
        fields ?? new Dictionary<string, string> { ["plan"] = "Pro", ["renewal_date"] = "May 1" },
        Created, Created);

    public static Contact Bare() => new(
        "ct_bare", "+14155550143", null, null, null, null, null, null, new Dictionary<string, string>(), Created, Created);
}
