using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Sms.Benchmarks.Storage;

/// <summary>
/// A TCP proxy in front of Azurite that forwards bytes untouched (so shared-key signatures stay valid) and reads the
/// HTTP/1.1 requests going through to count them by table and method. An entity-group transaction (<c>$batch</c>) is one
/// request; it is attributed to the table its operations name, and its operations are counted too.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<(string Table, string Method), int> _requests = new();
    private readonly ConcurrentDictionary<string, int> _batchOperations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _stateWrites = new(StringComparer.Ordinal);
    private readonly Task _accepting;

    public CountingProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public StorageCounts Snapshot() => new(
        _requests.ToDictionary(p => p.Key, p => p.Value),
        _batchOperations.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        _stateWrites.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient { NoDelay = true })
        {
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                var clientStream = client.GetStream();
                var serverStream = server.GetStream();
                var up = ForwardRequestsAsync(clientStream, serverStream);
                var down = serverStream.CopyToAsync(clientStream, _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Copies requests from client to server, one HTTP/1.1 message at a time, counting each.</summary>
    private async Task ForwardRequestsAsync(Stream client, Stream server)
    {
        var buffer = new byte[256 * 1024];
        int start = 0, end = 0;
        while (true)
        {
            int headEnd;
            while ((headEnd = buffer.AsSpan(start, end - start).IndexOf(HeadEnd)) < 0)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var read = await client.ReadAsync(buffer.AsMemory(end), _stop.Token);
                if (read == 0)
                {
                    return;
                }
                end += read;
            }
            var headLength = headEnd + HeadEnd.Length;
            var head = Encoding.ASCII.GetString(buffer, start, headLength);
            await server.WriteAsync(buffer.AsMemory(start, headLength), _stop.Token);
            start += headLength;

            var (method, target, length) = Parse(head);
            var capture = target.Contains("$batch", StringComparison.Ordinal) || IsGrainStateInsert(method, target) ? new MemoryStream() : null;
            var remaining = length;
            while (remaining > 0)
            {
                if (start == end)
                {
                    start = end = 0;
                    var read = await client.ReadAsync(buffer.AsMemory(0, buffer.Length), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }
                    end = read;
                }
                var take = (int)Math.Min(remaining, end - start);
                await server.WriteAsync(buffer.AsMemory(start, take), _stop.Token);
                capture?.Write(buffer, start, take);
                start += take;
                remaining -= take;
            }
            Count(method, target, capture is null ? null : Encoding.UTF8.GetString(capture.ToArray()));
        }
    }

    private static (string Method, string Target, long Length) Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        long length = 0;
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase))
            {
                throw new NotSupportedException("Chunked request bodies are not expected from the Azure Tables client.");
            }
        }
        return (requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", length);
    }

    private void Count(string method, string target, string? body)
    {
        if (TableOf(target).EndsWith(GrainStateSuffix, StringComparison.Ordinal) && method != "GET" && StateNameOf(target, body) is { } state)
        {
            _stateWrites.AddOrUpdate(state, 1, (_, n) => n + 1);
        }
        if (body is null || !target.Contains("$batch", StringComparison.Ordinal))
        {
            _requests.AddOrUpdate((TableOf(target), method), 1, (_, n) => n + 1);
            return;
        }
        var batchBody = body;
        // Operations of a batch: "PUT http://host/account/table(PartitionKey=...) HTTP/1.1" lines.
        string? table = null;
        foreach (var line in batchBody.Split('\n'))
        {
            var parts = line.Trim().Split(' ');
            if (parts.Length == 3 && parts[2].StartsWith("HTTP/", StringComparison.Ordinal) && Uri.TryCreate(parts[1], UriKind.Absolute, out var uri))
            {
                table = TableOf(uri.AbsolutePath);
                _batchOperations.AddOrUpdate(table, 1, (_, n) => n + 1);
            }
        }
        _requests.AddOrUpdate((table ?? "$batch", "BATCH"), 1, (_, n) => n + 1);
    }

    /// <summary>Grain state rows: Orleans' table grain storage keys a row by grain (partition) and state name (row).</summary>
    private const string GrainStateSuffix = "grains";

    private static bool IsGrainStateInsert(string method, string target) =>
        method == "POST" && TableOf(target).EndsWith(GrainStateSuffix, StringComparison.Ordinal);

    /// <summary>The row key of a grain state write, i.e. its state name (<c>[PersistentState("conversation")]</c>): from the URL, or an insert's body.</summary>
    private static string? StateNameOf(string target, string? body)
    {
        var text = Uri.UnescapeDataString(target);
        var at = text.IndexOf("RowKey='", StringComparison.Ordinal);
        if (at >= 0)
        {
            var start = at + "RowKey='".Length;
            var end = text.IndexOf('\'', start);
            return end > start ? text[start..end] : null;
        }
        if (body is null)
        {
            return null;
        }
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("RowKey", out var row) ? row.GetString() : null;
    }

    /// <summary><c>/devstoreaccount1/benchgrains(PartitionKey='a',RowKey='b')?x</c> → <c>benchgrains</c>.</summary>
    private static string TableOf(string target)
    {
        var path = target.Split('?')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var name = segments.Length > 1 ? segments[1] : path;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        return Uri.UnescapeDataString(paren >= 0 ? name[..paren] : name);
    }
}
