using System.Diagnostics;
using Orleans.Sms.Testing.Processes;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Core;
using Azure.Data.Tables;

namespace Orleans.Sms.AzureStorage.Tests.Infrastructure;

/// <summary>
/// Starts the Azurite Table service from <c>eng/node_modules</c> as one node process on a free loopback port, with
/// in-memory persistence, and kills it at the end. Install it once with <c>bash eng/azurite.sh install</c>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly StringBuilder _output = new();
    private Process? _azurite;

    /// <summary>Port the Table service listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>Explicit connection string of the emulator's well-known account.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>A fresh table prefix, so that tests never see each other's rows.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A client of the emulator; <paramref name="options"/> lets a test add pipeline policies.</summary>
    public TableServiceClient NewServiceClient(TableClientOptions? options = null) => new(ConnectionString, options);

    /// <summary>A client that counts the HTTP requests it sends.</summary>
    public TableServiceClient NewCountingClient(RequestCounter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        return NewServiceClient(options);
    }

    public async Task InitializeAsync()
    {
        var mainJs = Path.Combine(RepositoryRoot(), "eng", "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(mainJs))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({mainJs} is missing): run 'bash eng/azurite.sh install' at the repository root first.");
        }
        // A free port can be taken between the probe and node's bind: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            if (await TryStartAsync(mainJs))
            {
                return;
            }
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite did not start on 127.0.0.1:{Port}. Its output:\n{Output()}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
            await _azurite.WaitForExitAsync();
        }
        _azurite?.Dispose();
    }

    private async Task<bool> TryStartAsync(string mainJs)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            mainJs, "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }
        _azurite = await ListeningProcess.StartAsync(start, Port, StartTimeout, Append);
        return _azurite is not null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
        throw new InvalidOperationException($"No eng/azurite.sh above {AppContext.BaseDirectory}: run the tests from the repository.");
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

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
