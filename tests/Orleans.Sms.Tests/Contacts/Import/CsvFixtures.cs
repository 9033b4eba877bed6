using Orleans.Sms.Contacts.Import;

namespace Orleans.Sms.Tests.Contacts.Import;

/// <summary>Opens the CSV fixtures and reads them whole (they are small; the reader itself streams).</summary>
internal static class CsvFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Contacts", "Import", "Fixtures", name);

    public static Stream Open(string name) => File.OpenRead(PathOf(name));

    public static async Task<ContactCsvReader> OpenReaderAsync(string name, string? mapping = null)
    {
        await using var file = Open(name);
        var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        copy.Position = 0;
        var opened = await ContactCsvReader.OpenAsync(copy, mapping);
        Assert.True(opened.Succeeded, opened.Error?.Detail);
        return opened.Value;
    }

    public static async Task<List<ImportRow>> ReadAllAsync(string name, string? mapping = null, int skip = 0)
    {
        await using var reader = await OpenReaderAsync(name, mapping);
        return await ReadAllAsync(reader, skip);
    }

    public static async Task<List<ImportRow>> ReadAllAsync(ContactCsvReader reader, int skip = 0)
    {
        var rows = new List<ImportRow>();
        await foreach (var row in reader.ReadRowsAsync(skip))
        {
            rows.Add(row);
        }
        return rows;
    }

    public static async Task<int> CountAsync(string name)
    {
        await using var file = Open(name);
        return await ContactCsvReader.CountRecordsAsync(file, CancellationToken.None);
    }

    public static Stream Text(string csv) => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));

    /// <summary>The members and fields of a valid row, as "key=value" lines, sorted: easy to compare exactly.</summary>
    public static string[] Describe(ImportRow row)
    {
        Assert.Null(row.Error);
        var changes = row.Changes!;
        return changes.Members.Select(m => $"{m.Key}={m.Value}")
            .Concat(changes.Fields.Select(f => $"fields.{f.Key}={f.Value}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
