using Orleans.Sms.Contacts;

namespace Orleans.Sms.Tests.Contacts;

public sealed class ContactRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static ContactChanges Changes(object? fields = null, params (string Member, string? Value)[] members) => new(
        members.ToDictionary(m => m.Member, m => m.Value),
        fields as Dictionary<string, string?> ?? new Dictionary<string, string?>());

    private static Contact Make(params (string, string?)[] members) => ContactRules.Apply(null, Changes(null, members), "ct_1", T0).Contact!;

    [Fact]
    public void Apply_New_NormalisesTrimsAndDerivesTheName()
    {
        var made = ContactRules.Apply(null, Changes(null, ("phone_number", "(415) 555-0142"), ("first_name", "  Ann "), ("last_name", "Lee"), ("company", "  ")), "ct_1", T0);

        Assert.Equal(("+14155550142", "Ann Lee", "Ann", null, T0, T0), (made.Contact!.PhoneNumber, made.Contact.Name, made.Contact.FirstName, made.Contact.Company, made.Contact.CreatedAt, made.Contact.UpdatedAt));
    }

    [Fact]
    public void Apply_NameGivenApart_IsKeptWhenFirstNameChanges()
    {
        var named = Make(("phone_number", "+14155550142"), ("first_name", "Ann"), ("name", "Dr. Lee"));
        var derived = Make(("phone_number", "+14155550142"), ("first_name", "Ann"));

        Assert.Equal("Dr. Lee", ContactRules.Apply(named, Changes(null, ("first_name", "Anna")), "x", T0).Contact!.Name);
        Assert.Equal("Anna", ContactRules.Apply(derived, Changes(null, ("first_name", "Anna")), "x", T0).Contact!.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Apply_NameNullOrBlank_IsDerivedLikeANameLeftOut_AndFollowsTheFirstName(string? name)
    {
        var made = Make(("phone_number", "+14155550142"), ("first_name", "Ann"), ("last_name", "Lee"), ("name", name));

        Assert.Equal("Ann Lee", made.Name);
        Assert.Equal("Anna Lee", ContactRules.Apply(made, Changes(null, ("first_name", "Anna")), "x", T0).Contact!.Name);
        var named = Make(("phone_number", "+14155550142"), ("first_name", "Ann"), ("name", "Dr. Lee"));
        Assert.Equal("Ann", ContactRules.Apply(named, Changes(null, ("name", name)), "x", T0).Contact!.Name); // cleared: derived again
    }

    [Fact]
    public void Apply_Update_KeepsIdAndCreationClearsNullsAndMergesFields()
    {
        var current = ContactRules.Apply(null, Changes(new Dictionary<string, string?> { ["a"] = "1", ["b"] = "2" }, ("phone_number", "+14155550142"), ("email", "a@x.test")), "ct_1", T0).Contact!;

        var changed = ContactRules.Apply(current, Changes(new Dictionary<string, string?> { ["a"] = null, ["c"] = "3" }, ("email", null)), "ct_other", T0.AddHours(1)).Contact!;

        Assert.Equal(("ct_1", T0, T0.AddHours(1), null, "+14155550142"), (changed.ContactId, changed.CreatedAt, changed.UpdatedAt, changed.Email, changed.PhoneNumber));
        Assert.Equal(["b", "c"], changed.Fields.Keys.Order());
    }

    public static TheoryData<string, string?, string, string> Refusals => new()
    {
        { "phone_number", "12", "invalid_phone_number", "phone_number" },
        { "phone_number", null, "invalid_phone_number", "phone_number" },
        { "company", new string('c', 201), "invalid_contact", "company" },
        { "nickname", "x", "invalid_contact", "nickname" },
    };

    [Theory, MemberData(nameof(Refusals))]
    public void Apply_BrokenRule_NamesItsCodeAndMember(string member, string? value, string code, string named)
    {
        var changes = member == "phone_number" ? Changes(null, (member, value)) : Changes(null, ("phone_number", "+14155550142"), (member, value));

        var error = ContactRules.Apply(null, changes, "ct_1", T0).Error!;

        Assert.Equal((code, named, value), (error.Code, error.Member, error.Value));
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("with space")]
    [InlineData("")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123456")]
    public void Apply_BadFieldKey_IsInvalidContact(string key)
    {
        var error = ContactRules.Apply(null, Changes(new Dictionary<string, string?> { [key] = "v" }, ("phone_number", "+14155550142")), "ct_1", T0).Error!;

        Assert.Equal(("invalid_contact", "fields." + key), (error.Code, error.Member));
    }

    [Fact]
    public void Apply_FieldLimits_HoldAtTheBoundary()
    {
        var fifty = Enumerable.Range(0, 50).ToDictionary(i => $"f{i}", _ => (string?)new string('v', 1000));
        var current = ContactRules.Apply(null, Changes(fifty, ("phone_number", "+14155550142")), "ct_1", T0);

        Assert.Null(current.Error);
        Assert.Equal("fields", ContactRules.Apply(current.Contact, Changes(new Dictionary<string, string?> { ["one_more"] = "x" }), "x", T0).Error!.Member);
        Assert.Null(ContactRules.Apply(current.Contact, Changes(new Dictionary<string, string?> { ["f0"] = null, ["one_more"] = "x" }), "x", T0).Error);
        Assert.Equal("fields.f1", ContactRules.Apply(current.Contact, Changes(new Dictionary<string, string?> { ["f1"] = new string('v', 1001) }), "x", T0).Error!.Member);
    }
}
