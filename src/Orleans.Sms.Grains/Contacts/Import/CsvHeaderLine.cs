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
        var lineEnd = -1;
        while (length < buffer.Length && lineEnd < 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            length += read;
            lineEnd = HeaderLineEnd(buffer.AsSpan(0, length));
        }

        var bytes = buffer.AsSpan(0, length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new(default, ',', "The file is UTF-16 (or UTF-32); save it as UTF-8.");
        }
        var offset = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var start = buffer.AsMemory(offset, length - offset);
        var header = lineEnd < 0 ? start.Span : buffer.AsSpan(offset, lineEnd - offset);
        if (header.Trim("\r\n"u8).IsEmpty)
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

    /// <summary>The index just past the line feed that ends the first non-empty line outside quotes, or -1.</summary>
    private static int HeaderLineEnd(ReadOnlySpan<byte> bytes)
    {
        var quoted = false;
        var content = false;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == (byte)'"')
            {
                quoted = !quoted;
            }
            if (b == (byte)'\n' && !quoted && content)
            {
                return i + 1;
            }
            content |= b is not ((byte)'\n' or (byte)'\r' or 0xEF or 0xBB or 0xBF);
        }
        return -1;
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
