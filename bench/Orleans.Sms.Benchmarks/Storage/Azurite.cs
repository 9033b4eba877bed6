using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Storage;

/// <summary>The Azurite Table service from <c>eng/node_modules</c> (installed with <c>bash eng/azurite.sh install</c> when missing), in memory, on a free port.</summary>
internal sealed class Azurite : IAsyncDisposable
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private Azurite(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>The emulator's well-known account, reached at <paramref name="port"/> (Azurite's own, or a proxy in front of it).</summary>
    public static string ConnectionString(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    public static async Task<Azurite> StartAsync(BenchContext context)
    {
        var root = RepositoryRoot();
        var mainJs = Path.Combine(root, "eng", "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(mainJs))
        {
            context.Log("azurite: not installed; running bash eng/azurite.sh install");
            using var install = Process.Start(new ProcessStartInfo("bash", ["eng/azurite.sh", "install"]) { WorkingDirectory = root })!;
            await install.WaitForExitAsync();
            if (install.ExitCode != 0 || !File.Exists(mainJs))
            {
                throw new InvalidOperationException("bash eng/azurite.sh install failed.");
            }
        }
        var port = Ports.Free();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            mainJs, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, port);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited)
            {
                break;
            }
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return azurite;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        await azurite.DisposeAsync();
        throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:{port}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "eng", "azurite.sh")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No eng/azurite.sh above {AppContext.BaseDirectory}: run the benchmarks from the repository.");
    }
}
