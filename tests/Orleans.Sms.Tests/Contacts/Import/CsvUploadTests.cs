using System.Text;
using Orleans.Sms.Contacts.Import;
using static Orleans.Sms.Tests.Contacts.Import.CsvFixtures;

namespace Orleans.Sms.Tests.Contacts.Import;

public sealed class CsvUploadTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"csv-upload-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Spool_CopiesAUtf8FileExactly()
    {
        await using var body = Open("bom.csv");

        var result = await CsvUpload.SpoolAsync(body, _path, 1024, CancellationToken.None);

        Assert.Equal(CsvUploadResult.Ok, result);
        Assert.Equal(await File.ReadAllBytesAsync(PathOf("bom.csv")), await File.ReadAllBytesAsync(_path));
    }

    [Theory]
    [InlineData("latin1.csv")]
    [InlineData("utf16.csv")]
    public async Task Spool_NotUtf8_IsRefusedAndLeavesNoFile(string name)
    {
        await using var body = Open(name);

        var result = await CsvUpload.SpoolAsync(body, _path, 1024, CancellationToken.None);

        Assert.Equal(CsvUploadResult.NotUtf8, result);
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public async Task Spool_OverTheLimit_IsTooLargeAndLeavesNoFile()
    {
        var size = new FileInfo(PathOf("basic.csv")).Length;
        await using var body = Open("basic.csv");

        var result = await CsvUpload.SpoolAsync(body, _path, size - 1, CancellationToken.None);

        Assert.Equal(CsvUploadResult.TooLarge, result);
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public async Task Spool_ExactlyAtTheLimit_IsOk()
    {
        var size = new FileInfo(PathOf("basic.csv")).Length;
        await using var body = Open("basic.csv");

        Assert.Equal(CsvUploadResult.Ok, await CsvUpload.SpoolAsync(body, _path, size, CancellationToken.None));
    }

    [Fact]
    public async Task Spool_ACharacterSplitBetweenReads_IsUtf8()
    {
        await using var body = new OneByteAtATime(Encoding.UTF8.GetBytes("phone,name\n4155550100,Zoë 😀\n"));

        Assert.Equal(CsvUploadResult.Ok, await CsvUpload.SpoolAsync(body, _path, 1024, CancellationToken.None));
        Assert.Equal("phone,name\n4155550100,Zoë 😀\n", await File.ReadAllTextAsync(_path));
    }

    [Fact]
    public async Task Spool_ACharacterCutOffAtTheEnd_IsNotUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("phone,name\n4155550100,😀");
        await using var body = new MemoryStream(bytes[..^1]);

        Assert.Equal(CsvUploadResult.NotUtf8, await CsvUpload.SpoolAsync(body, _path, 1024, CancellationToken.None));
    }

    private sealed class OneByteAtATime(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
