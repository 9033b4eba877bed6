using System.Text.Unicode;

namespace Orleans.Sms.Contacts.Import;

/// <summary>
/// The start of a CSV stream, read ahead to find its header line: the delimiter is detected from that line alone
/// (docs/api.md: CSV imports), which CsvHelper's own detection (32 lines, and <c>|</c> too) does not do.
/// </summary>
internal sealed class CsvHeaderLine
{
    /// <summary>How far ahead the header line is looked for.</summary>
    public const int MaxLookahead = 64 * 1024;

    private CsvHeaderLine(ReadOnlyMemory<byte> start, char delimiter, string? problem)
    {
        Start = start;
        Delimiter = delimiter;
        Problem = problem;
    }

    /// <summary>The bytes read ahead, without a UTF-8 byte order mark: they must be read again before the rest of the stream.</summary>
    public ReadOnlyMemory<byte> Start { get; }

    /// <summary><c>,</c> <c>;</c> or tab: the one the header line has most of outside quotes (a comma when it has none).</summary>
    public char Delimiter { get; }

    /// <summary>Why the stream cannot be a UTF-8 CSV with a header, or null.</summary>
    public string? Problem { get; }

    /// <summary>Reads ahead until the end of the first non-empty line (at most <see cref="MaxLookahead"/> bytes).</summary>
    public static async Task<CsvHeaderLine> ReadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxLookahead];
        var length = 0;
        var (lineStart, lineEnd) = (0, -1);
        while (length < buffer.Length && lineEnd < 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            length += read;
            (lineStart, lineEnd) = HeaderLine(buffer.AsSpan(0, length));
        }

        var bytes = buffer.AsSpan(0, length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new(default, ',', "The file is UTF-16 (or UTF-32); save it as UTF-8.");
        }
        // Blank lines before the header (spaces and tabs only, too) are left out: the header is the first line with content.
        var offset = Math.Max(lineStart, bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0);
        var start = buffer.AsMemory(offset, length - offset);
        var header = lineEnd < 0 ? start.Span : buffer.AsSpan(offset, lineEnd - offset);
        if (header.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new(start, ',', "The file is empty: it has no header line.");
        }
        // Only a whole line can be checked: a read-ahead cut inside the header may end in part of a character.
        if ((lineEnd >= 0 || length < buffer.Length) && !Utf8.IsValid(header))
        {
            return new(start, ',', "The file is not UTF-8.");
        }
        return new(start, Detect(header), null);
    }

    /// <summary>
    /// Where the first line with content (not only line ends, spaces, tabs and the byte order mark) starts, and the index
    /// just past the line feed that ends it outside quotes, or -1 when it does not end yet.
    /// </summary>
    private static (int Start, int End) HeaderLine(ReadOnlySpan<byte> bytes)
    {
        var quoted = false;
        var content = false;
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == (byte)'"')
            {
                quoted = !quoted;
            }
            if (b == (byte)'\n' && !quoted)
            {
                if (content)
                {
                    return (start, i + 1);
                }
                start = i + 1;
            }
            content |= b is not ((byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t' or 0xEF or 0xBB or 0xBF);
        }
        return (start, -1);
    }

    private static char Detect(ReadOnlySpan<byte> header)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var b in header)
        {
            switch (b)
            {
                case (byte)'"': quoted = !quoted; break;
                case (byte)',' when !quoted: commas++; break;
                case (byte)';' when !quoted: semicolons++; break;
                case (byte)'\t' when !quoted: tabs++; break;
            }
        }
        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }
}
