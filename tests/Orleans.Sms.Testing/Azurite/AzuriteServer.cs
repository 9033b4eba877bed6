using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Testing.Azurite;

/// <summary>
/// The Azurite Table service from <c>eng/node_modules</c> as one node process on a free loopback port, started by the
/// test itself. In memory, or on disk (<c>--location</c> in a temp directory) when a test stops and restarts it with
/// its data on the same port. Killed at the end, also when the test fails.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly string _mainJs;
    private readonly string? _location;
    private readonly StringBuilder _output = new();
    private Process? _node;

    private AzuriteServer(string mainJs, string? location)
    {
        _mainJs = mainJs;
        _location = location;
    }

    /// <summary>The port of the Table service on 127.0.0.1; it stays the same across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>The explicit connection string of the emulator's well-known account.</summary>
    public string ConnectionString => ConnectionStringFor(Port);

    /// <summary>The Table service's script in the repository's <c>eng/node_modules</c> (<c>bash eng/azurite.sh install</c>).</summary>
    public static string MainScript { get; } =
        Path.Combine(Repository.Root, "eng", "node_modules", "azurite", "dist", "src", "table", "main.js");

    /// <summary>The well-known account reached at <paramref name="port"/> on 127.0.0.1 (Azurite's own, or a proxy in front of it).</summary>
    public static string ConnectionStringFor(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    /// <summary>A table prefix of its own for one test, so tests never see each other's rows.</summary>
    public static string NewPrefix(string what) => what + Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// Starts Azurite, installing it first when it is missing (so <c>dotnet test</c> passes on a fresh clone);
    /// <paramref name="onDisk"/> keeps its data in a temp directory so a restart finds it.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(bool onDisk = false)
    {
        var mainJs = MainScript;
        await AzuriteInstall.EnsureAsync();
        var location = onDisk ? Directory.CreateTempSubdirectory("sms-azurite-").FullName : null;
        var server = new AzuriteServer(mainJs, location);
        try
        {
            // A free port can be taken between the probe and node's bind: try a few.
            for (var attempt = 1; ; attempt++)
            {
                server.Port = Ports.Free();
                if (await server.TryStartAsync())
                {
                    return server;
                }
                if (attempt == 3)
                {
                    throw new InvalidOperationException($"Azurite did not start on 127.0.0.1:{server.Port}. Its output:\n{server.Output}");
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the service the way Ctrl+C does (SIGINT): Azurite saves its database and closes its port.</summary>
    public async Task StopAsync()
    {
        if (_node is not { HasExited: false } node)
        {
            return;
        }
        await ProcessSignals.StopAsync(node, ProcessSignals.SigInt, StopTimeout, "Azurite", () => Output);
        node.Dispose();
        _node = null;
    }

    /// <summary>Starts the service again on the same port (and, on disk, with the same data).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        // The port was ours a moment ago; a socket in TIME_WAIT does not block a listener, but be patient anyway.
        var deadline = Stopwatch.StartNew();
        while (!await TryStartAsync())
        {
            if (deadline.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"Azurite did not restart on 127.0.0.1:{Port}. Its output:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is { HasExited: false } node)
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
        _node?.Dispose();
        _node = null;
        if (_location is not null)
        {
            try
            {
                Directory.Delete(_location, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private async Task<bool> TryStartAsync()
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(_mainJs);
        foreach (var argument in new[] { "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        if (_location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(_location);
        }
        start.ArgumentList.Add("--disableTelemetry");
        start.ArgumentList.Add("--silent");

        _node = await ListeningProcess.StartAsync(start, Port, StartTimeout, Append);
        return _node is not null;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

}
