using Orleans.Sms.Contacts.Import;
using Orleans.Sms.Errors;
using static Orleans.Sms.Tests.Contacts.Import.CsvFixtures;

namespace Orleans.Sms.Tests.Contacts.Import;

public sealed class ContactCsvColumnsTests
{
    [Theory]
    [InlineData("Phone Number", "phone_number")]
    [InlineData("CELL-PHONE", "phone_number")]
    [InlineData("tel.", "phone_number")]
    [InlineData("Number", "phone_number")]
    [InlineData("Full_Name", "name")]
    [InlineData("Given Name", "first_name")]
    [InlineData("Family-Name", "last_name")]
    [InlineData("Organisation", "company")]
    [InlineData("Business", "company")]
    [InlineData("Email Address", "email")]
    [InlineData("External ID", "external_id")]
    [InlineData("id", "external_id")]
    [InlineData("Favorite Color", "fields.favorite_color")]
    [InlineData("  Loyalty Points (2024) ", "fields.loyalty_points_2024")]
    [InlineData("customerTier", "fields.customer_tier")]
    [InlineData("Prénom d'usage", "fields.prenom_d_usage")]
    [InlineData("", "ignore")]
    [InlineData("#", "ignore")]
    [InlineData("電話", "ignore")]
    public void AutoTarget_FollowsTheContractsSynonymsThenSnakeCase(string header, string target) =>
        Assert.Equal(target, ContactCsvColumns.AutoTarget(header));

    [Fact]
    public void ToFieldKey_CutsLongHeadersTo64Characters()
    {
        var key = ContactCsvColumns.ToFieldKey(new string('a', 63) + " b");

        Assert.Equal(new string('a', 63), key);
    }

    [Fact]
    public async Task DuplicateHeaders_AreInvalidMapping()
    {
        await using var file = Open("duplicate-headers.csv");
        var opened = await ContactCsvReader.OpenAsync(file, null);

        Assert.Equal(SmsErrorCodes.InvalidMapping, opened.Error?.Code);
        Assert.Equal("Columns 'Phone' and 'Phone' both map to 'phone_number'; map or ignore one of them.", opened.Error?.Detail);
    }

    [Theory]
    [InlineData("Phone,Mobile\n")]                 // two synonyms of one member
    [InlineData("Phone,Notes,notes\n")]            // two columns for fields.notes
    [InlineData("Phone,Favorite Color,favorite_color\n")]
    public async Task TwoColumnsForOneMember_AreInvalidMapping(string csv)
    {
        var opened = await ContactCsvReader.OpenAsync(Text(csv), null);

        Assert.Equal(SmsErrorCodes.InvalidMapping, opened.Error?.Code);
    }

    [Fact]
    public async Task DuplicateHeaders_CanBeResolvedByIgnoringThem()
    {
        await using var file = Open("duplicate-headers.csv");
        var opened = await ContactCsvReader.OpenAsync(file, """{"Phone":"ignore","Name":"phone_number"}""");

        // A mapping names every column with that header: both Phone columns are ignored.
        Assert.True(opened.Succeeded, opened.Error?.Detail);
        await using var reader = opened.Value;
        Assert.Equal(new ImportRowError(1, "Name", "invalid_phone_number", "X"), Assert.Single(await ReadAllAsync(reader)).Error);
    }

    [Fact]
    public async Task NoPhoneColumn_IsPhoneColumnMissing()
    {
        await using var file = Open("no-phone.csv");
        var opened = await ContactCsvReader.OpenAsync(file, null);

        Assert.Equal(SmsErrorCodes.PhoneColumnMissing, opened.Error?.Code);
    }

    [Fact]
    public async Task Mapping_NamesMembersFieldsAndIgnoredColumns_OthersAreAutoMapped()
    {
        const string mapping = """{"Contact Number":"phone_number","given":"first_name","Internal Code":"fields.code","Secret":"ignore","Phone":"ignore"}""";
        await using var reader = await OpenReaderAsync("mapping.csv", mapping);
        var rows = await ReadAllAsync(reader);

        Assert.Equal(new Dictionary<string, string>
        {
            ["Contact Number"] = "phone_number", ["Given"] = "first_name", ["Org"] = "fields.org",
            ["Internal Code"] = "fields.code", ["Secret"] = "ignore", ["Phone"] = "ignore",
        }, reader.Columns);
        Assert.Equal(["fields.code=A-7", "fields.org=Analytical", "first_name=Ada", "phone_number=+14155550129"], Describe(Assert.Single(rows)));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[\"phone_number\"]")]
    [InlineData("{\"Contact Number\":\"mobile\"}")]               // not a member
    [InlineData("{\"Contact Number\":\"fields.Bad Key\"}")]       // not a field key
    [InlineData("{\"Contact Number\":\"fields.\"}")]
    [InlineData("{\"Contact Number\":42}")]
    [InlineData("{\"Contact Number\":\"phone_number\",\"Mobile\":\"ignore\"}")]  // no such column
    [InlineData("{\"Contact Number\":\"phone_number\",\"Contact Number\":\"ignore\"}")]
    [InlineData("{\"Contact Number\":\"phone_number\"}")]        // and Phone is still auto-mapped: two phone columns
    [InlineData("{\"Given\":\"name\",\"Org\":\"name\",\"Phone\":\"ignore\",\"Contact Number\":\"phone_number\"}")]
    public async Task Mapping_Invalid_IsInvalidMapping(string mapping)
    {
        await using var file = Open("mapping.csv");
        var opened = await ContactCsvReader.OpenAsync(file, mapping);

        Assert.Equal(SmsErrorCodes.InvalidMapping, opened.Error?.Code);
    }

    [Fact]
    public async Task Mapping_ThatIgnoresThePhone_IsPhoneColumnMissing()
    {
        var opened = await ContactCsvReader.OpenAsync(Text("Phone,Name\n4155550100,A\n"), """{"Phone":"ignore"}""");

        Assert.Equal(SmsErrorCodes.PhoneColumnMissing, opened.Error?.Code);
    }
}
