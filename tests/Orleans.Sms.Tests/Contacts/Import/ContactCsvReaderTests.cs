using Orleans.Sms.Contacts.Import;
using Orleans.Sms.Errors;
using static Orleans.Sms.Tests.Contacts.Import.CsvFixtures;

namespace Orleans.Sms.Tests.Contacts.Import;

public sealed class ContactCsvReaderTests
{
    [Fact]
    public async Task Basic_AutoMapsSynonymsAndSnakeCasesOtherColumns()
    {
        await using var reader = await OpenReaderAsync("basic.csv");

        Assert.Equal(',', reader.Delimiter);
        Assert.Equal(["Phone", "First Name", "Last Name", "Company", "E-mail", "ID", "Favorite Color", "LoyaltyTier"], reader.Header);
        Assert.Equal(["phone_number", "first_name", "last_name", "company", "email", "external_id", "fields.favorite_color", "fields.loyalty_tier"],
            reader.Header.Select(h => reader.Columns[h]));
        var rows = await ReadAllAsync(reader);

        Assert.Equal([1, 2], rows.Select(r => r.Row));
        Assert.Equal(["company=Analytical", "email=ada@example.com", "external_id=c-1", "fields.favorite_color=green",
            "fields.loyalty_tier=gold", "first_name=Ada", "last_name=Lovelace", "phone_number=+14155550100"], Describe(rows[0]));
        // Empty cells change nothing: they are absent, not cleared.
        Assert.Equal(["first_name=Alan", "phone_number=+14155550101"], Describe(rows[1]));
    }

    [Fact]
    public async Task Bom_IsNotPartOfTheFirstHeader()
    {
        await using var reader = await OpenReaderAsync("bom.csv");
        var rows = await ReadAllAsync(reader);

        Assert.Equal(["Mobile", "Name"], reader.Header);
        Assert.Equal("phone_number", reader.Columns["Mobile"]);
        Assert.Equal(["name=Zoë", "phone_number=+14155550102"], Describe(Assert.Single(rows)));
    }

    [Fact]
    public async Task Semicolon_IsDetectedFromTheHeader()
    {
        await using var reader = await OpenReaderAsync("semicolon.csv");
        var rows = await ReadAllAsync(reader);

        Assert.Equal(';', reader.Delimiter);
        Assert.Equal(["fields.notes=likes a, b and c", "name=Grace Hopper", "phone_number=+14155550103"], Describe(Assert.Single(rows)));
    }

    [Fact]
    public async Task Tab_IsDetectedFromTheHeader()
    {
        await using var reader = await OpenReaderAsync("tab.csv");
        var rows = await ReadAllAsync(reader);

        Assert.Equal('\t', reader.Delimiter);
        Assert.Equal(["fields.city=Wilmslow, Cheshire", "last_name=Turing", "phone_number=+14155550104"], Describe(Assert.Single(rows)));
    }

    [Fact]
    public async Task Quoted_LineBreaksDoubledQuotesAndDelimitersStayInTheirCell()
    {
        var rows = await ReadAllAsync("quoted.csv");

        Assert.Equal([1, 2, 3], rows.Select(r => r.Row));
        Assert.Equal(["fields.notes=first line\nsecond line", "name=Dana \"DJ\" Jones", "phone_number=+14155550105"], Describe(rows[0]));
        Assert.Equal(["fields.notes=a \"quoted\" note, with comma", "name=Acme, Inc.", "phone_number=+14155550106"], Describe(rows[1]));
        Assert.Equal(["fields.notes=plain", "name=Line\r\nBreak", "phone_number=+14155550107"], Describe(rows[2]));
        Assert.Equal(3, await CountAsync("quoted.csv"));
    }

    [Fact]
    public async Task BlankLines_AndRowsOfEmptyCells_AreSkippedAndNotCounted()
    {
        var rows = await ReadAllAsync("blank-lines.csv");

        Assert.Equal([1, 2, 3], rows.Select(r => r.Row));
        Assert.Equal(["+14155550108", "+14155550109", "+14155550110"], rows.Select(r => r.Changes!.Members["phone_number"]));
        Assert.Equal(3, await CountAsync("blank-lines.csv"));
    }

    [Theory]
    [InlineData("  \nphone;name\n4155550111;Ann\n")]
    [InlineData("\uFEFF\t\r\n \n\nphone;name\r\n4155550111;Ann")]
    public async Task BlankLinesBeforeTheHeader_SpacesAndTabsOnlyToo_AreSkipped_TheHeaderIsTheFirstLineWithContent(string csv)
    {
        var opened = await ContactCsvReader.OpenAsync(Text(csv), null);
        await using var reader = opened.Value!;
        var rows = await ReadAllAsync(reader);

        Assert.Equal(["phone", "name"], reader.Header);
        Assert.Equal(';', reader.Delimiter);
        Assert.Equal(["name=Ann", "phone_number=+14155550111"], Describe(Assert.Single(rows)));
        Assert.Equal(1, Assert.Single(rows).Row);
        Assert.Equal(1, await ContactCsvReader.CountRecordsAsync(Text(csv), CancellationToken.None));
    }

    [Fact]
    public async Task WrongCellCount_IsAnInvalidRowWithTheRecord()
    {
        var rows = await ReadAllAsync("wrong-cell-count.csv");

        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Row));
        Assert.Null(rows[0].Error);
        Assert.Equal(new ImportRowError(2, null, "invalid_row", "4155550112,Short"), rows[1].Error);
        Assert.Equal(new ImportRowError(3, null, "invalid_row", "4155550113,Long,Co,extra"), rows[2].Error);
        Assert.Null(rows[3].Error);
    }

    [Fact]
    public async Task ValuesBreakingContactRules_AreInvalidContactWithTheirColumn()
    {
        var rows = await ReadAllAsync("invalid-contact.csv");

        Assert.Equal(new ImportRowError(1, "name", "invalid_contact", new string('n', 199) + "…"), rows[0].Error);
        Assert.Equal(new ImportRowError(2, "notes", "invalid_contact", new string('x', 199) + "…"), rows[1].Error);
        Assert.Equal(["fields.notes=fine", "name=Fine", "phone_number=+14155550132"], Describe(rows[2]));
    }

    [Fact]
    public async Task SkipRecords_ResumesAtTheNextRecordWithItsNumber()
    {
        var all = await ReadAllAsync("resume.csv");
        var resumed = await ReadAllAsync("resume.csv", skip: 2);

        Assert.Equal([1, 2, 3, 4], all.Select(r => r.Row));
        Assert.Equal(all.Skip(2).Select(r => r.Row), resumed.Select(r => r.Row));
        Assert.Equal(new ImportRowError(3, "phone", "invalid_phone_number", "bad"), resumed[0].Error);
        Assert.Equal(["name=R4", "phone_number=+14155550137"], Describe(resumed[1]));
        Assert.Empty(await ReadAllAsync("resume.csv", skip: 4));
        Assert.Equal(4, await CountAsync("resume.csv"));
    }

    [Theory]
    [InlineData("utf16.csv")]
    [InlineData("latin1.csv")]
    public async Task NotUtf8_HeaderOrRows_AreRefusedOrInvalid(string name)
    {
        await using var file = Open(name);
        var opened = await ContactCsvReader.OpenAsync(file, null);

        if (name == "utf16.csv")
        {
            Assert.Equal(SmsErrorCodes.InvalidCsv, opened.Error?.Code);
            return;
        }
        // The header of latin1.csv is ASCII; its row is not UTF-8 (CsvUpload refuses such a file before it is read).
        Assert.True(opened.Succeeded, opened.Error?.Detail);
        await using var reader = opened.Value;
        Assert.Equal(new ImportRowError(1, null, "invalid_row", null), Assert.Single(await ReadAllAsync(reader)).Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\n")]
    [InlineData("\uFEFF")]
    [InlineData("  \n\t \r\n ")]
    public async Task EmptyFile_IsInvalidCsv(string csv)
    {
        var opened = await ContactCsvReader.OpenAsync(Text(csv), null);

        Assert.Equal(SmsErrorCodes.InvalidCsv, opened.Error?.Code);
        Assert.Equal(0, await ContactCsvReader.CountRecordsAsync(Text(csv), CancellationToken.None));
    }

    [Fact]
    public async Task UnclosedQuote_EndsWithOneInvalidRowInsteadOfReadingTheRestIntoMemory()
    {
        var csv = "phone,notes\n4155550138,ok\n4155550139,\"never closed\n"
            + string.Concat(Enumerable.Repeat("4155550140,filler filler filler filler filler\n", 60_000));

        var opened = await ContactCsvReader.OpenAsync(Text(csv), null);
        Assert.True(opened.Succeeded, opened.Error?.Detail);
        await using var reader = opened.Value;
        var rows = await ReadAllAsync(reader);

        Assert.Equal([1, 2], rows.Select(r => r.Row));
        Assert.Null(rows[0].Error);
        Assert.Equal(new ImportRowError(2, null, "invalid_row", null), rows[1].Error);
        Assert.Equal(2, await ContactCsvReader.CountRecordsAsync(Text(csv), CancellationToken.None));
    }
}
