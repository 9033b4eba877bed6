using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Orleans.Sms.Host.Tests.Contacts;

/// <summary>A CSV body of an exact size, written as it is sent (never held whole), with or without a Content-Length.</summary>
internal sealed class GeneratedCsv : HttpContent
{
    private readonly long _size;
    private readonly bool _declareLength;

    public GeneratedCsv(long size, bool declareLength)
    {
        _size = size;
        _declareLength = declareLength;
        Headers.ContentType = new MediaTypeHeaderValue("text/csv");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var header = Encoding.UTF8.GetBytes("phone,name\n");
        var row = Encoding.UTF8.GetBytes("+14155550100,Generated Row Name\n");
        await stream.WriteAsync(header);
        var written = (long)header.Length;
        var block = Enumerable.Range(0, 2048).SelectMany(_ => row).ToArray();
        while (written < _size)
        {
            var count = (int)Math.Min(block.Length, _size - written);
            try
            {
                await stream.WriteAsync(block.AsMemory(0, count));
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
                return; // the server stopped reading: it has answered already
            }
            written += count;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _size;
        return _declareLength;
    }
}
