using Orleans.Sms.Contacts.Import;
using static Orleans.Sms.Tests.Contacts.Import.CsvFixtures;

namespace Orleans.Sms.Tests.Contacts.Import;

public sealed class SpreadsheetPhoneTests
{
    [Fact]
    public async Task SpreadsheetHabits_AreInvalidPhoneNumbers_NeverAnotherNumber()
    {
        var rows = await ReadAllAsync("spreadsheet-phones.csv");

        Assert.Equal(
        [
            new ImportRowError(1, "Phone", "invalid_phone_number", "4.15555E+09"),
            new ImportRowError(2, "Phone", "invalid_phone_number", "'+14155550115"),
            new ImportRowError(3, "Phone", "invalid_phone_number", "4155550116.0"),
            new ImportRowError(4, "Phone", "invalid_phone_number", "415-555-0117 / 415-555-0118"),
            new ImportRowError(5, "Phone", "invalid_phone_number", "415-555-0119; 415-555-0120"),
            new ImportRowError(6, "Phone", "invalid_phone_number", "415-555-0121 or 415-555-0122"),
            new ImportRowError(7, "Phone", "invalid_phone_number", "4155550123 4155550124"),
            new ImportRowError(8, "Phone", "invalid_phone_number", "415-555-0125 x12"),
            new ImportRowError(9, "Phone", "invalid_phone_number", "1-800-FLOWERS"),
            new ImportRowError(10, "Phone", "invalid_phone_number", ""),
            new ImportRowError(11, "Phone", "invalid_phone_number", "555-01"),
        ], rows.Take(11).Select(r => r.Error));
        Assert.Equal(["fields.habit=fine", "phone_number=+14155550126"], Describe(rows[11]));
    }

    [Theory]
    [InlineData("+1 (415) 555-0100")]
    [InlineData("415.555.0100")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("415\u00A0555\u00A00100")]
    public void LooksWritten_AcceptsHowPeopleWriteNumbers(string cell) => Assert.True(SpreadsheetPhone.LooksWritten(cell));

    [Theory]
    [InlineData("4.15555E+09")]
    [InlineData("=\"4155550100\"")]
    [InlineData("4155550100.00")]
    [InlineData("1+4155550100")]
    [InlineData("+1415555010012345")]
    [InlineData("tel:+14155550100")]
    [InlineData("415-555-0100, 415-555-0101")]
    [InlineData("415-555-0100 & 415-555-0101")]
    [InlineData("")]
    public void LooksWritten_RefusesWhatASpreadsheetMadeOfANumber(string cell) => Assert.False(SpreadsheetPhone.LooksWritten(cell));
}
