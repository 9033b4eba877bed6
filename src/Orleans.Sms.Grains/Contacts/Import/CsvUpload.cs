using System.Text;

namespace Orleans.Sms.Contacts.Import;

/// <summary>What <see cref="CsvUpload.SpoolAsync"/> made of an upload.</summary>
public enum CsvUploadResult
{
    /// <summary>The whole upload is in the file and is UTF-8.</summary>
    Ok,
    /// <summary>The upload is longer than the limit (<c>file_too_large</c>); no file is left.</summary>
    TooLarge,
    /// <summary>The upload is not UTF-8 (<c>invalid_csv</c>); no file is left.</summary>
    NotUtf8,
}

/// <summary>Copies a CSV upload to a file, checking its size and its encoding on the way, a buffer at a time.</summary>
public static class CsvUpload
{
    private const int BufferSize = 81920;

    /// <summary>
    /// Copies <paramref name="body"/> to <paramref name="path"/> (created or replaced), refusing it as soon as it passes
    /// <paramref name="maxBytes"/> or holds a byte sequence that is not UTF-8 (a UTF-8 BOM is fine). The file is deleted
    /// unless the result is <see cref="CsvUploadResult.Ok"/>, and when the copy is cancelled or fails. The rest of a refused
    /// body is not read.
    /// </summary>
    public static async Task<CsvUploadResult> SpoolAsync(Stream body, string path, long maxBytes, CancellationToken ct)
    {
        var result = CsvUploadResult.Ok;
        try
        {
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                result = await CopyAsync(body, file, maxBytes, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (result != CsvUploadResult.Ok || ct.IsCancellationRequested)
            {
                File.Delete(path);
            }
        }
        return result;
    }

    private static async Task<CsvUploadResult> CopyAsync(Stream body, FileStream file, long maxBytes, CancellationToken ct)
    {
        // A decoder keeps a character split between two buffers; throwOnInvalidBytes makes it refuse instead of replacing.
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[BufferSize];
        var chars = new char[BufferSize + 4];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return CsvUploadResult.TooLarge;
            }
            if (!IsUtf8(decoder, buffer.AsSpan(0, read), chars, flush: false))
            {
                return CsvUploadResult.NotUtf8;
            }
            await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
        }
        // A character cut off at the very end.
        return IsUtf8(decoder, [], chars, flush: true) ? CsvUploadResult.Ok : CsvUploadResult.NotUtf8;
    }

    // GetChars, not GetCharCount: only decoding moves the decoder's state (a character begun in the previous buffer) on.
    private static bool IsUtf8(Decoder decoder, ReadOnlySpan<byte> bytes, Span<char> chars, bool flush)
    {
        try
        {
            decoder.GetChars(bytes, chars, flush);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
