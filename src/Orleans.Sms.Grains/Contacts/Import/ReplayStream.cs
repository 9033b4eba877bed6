namespace Orleans.Sms.Contacts.Import;

/// <summary>A read-only stream of bytes already read ahead, then the rest of the stream they came from (not disposed).</summary>
internal sealed class ReplayStream(ReadOnlyMemory<byte> start, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _start = start;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => _start.IsEmpty ? rest.Read(buffer) : Replay(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _start.IsEmpty ? rest.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Replay(buffer.Span));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Replay(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _start.Length);
        _start.Span[..count].CopyTo(buffer);
        _start = _start[count..];
        return count;
    }
}
