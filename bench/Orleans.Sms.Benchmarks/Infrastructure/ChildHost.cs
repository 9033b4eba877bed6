using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>
/// A host under test in its own process (this executable in a <c>serve-*</c> mode) on real Kestrel at 127.0.0.1, so that
/// its CPU time and allocations are its own and never the load generator's.
/// </summary>
public sealed class ChildHost : IAsyncDisposable
{
    public const string ReadyLine = "BENCH-READY";

    private static readonly HttpClient Stats = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Deactivating tens of thousands of grains (each writing what it owes) takes minutes on Azurite.</summary>
    private static readonly HttpClient Grains = new() { Timeout = TimeSpan.FromMinutes(15) };

    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ChildHost(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <c>this-executable {mode} --Urls=... {arguments}</c> and waits for it to say it is ready.</summary>
    public static async Task<ChildHost> StartAsync(string mode, int port, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The host's content root (its appsettings.json is copied next to this executable).
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var self = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.FileName = self;
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }
        else
        {
            start.FileName = self;
        }
        start.ArgumentList.Add(mode);
        var baseUrl = $"http://127.0.0.1:{port}";
        start.ArgumentList.Add($"--Urls={baseUrl}");
        start.ArgumentList.Add($"--{Serving.ParentWatch.Key}={Environment.ProcessId}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Production, as deployed (Development would add the Orleans dashboard).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child host.");
        var host = new ChildHost(process, baseUrl);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => host.Received(e.Data, ready);
        process.ErrorDataReceived += (_, e) => host.Received(e.Data, null);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
        if (first != ready.Task)
        {
            var tail = host.Tail();
            await host.DisposeAsync();
            throw new InvalidOperationException($"The {mode} host did not start. Its last output:\n{tail}");
        }
        return host;
    }

    /// <summary>The child's own counters (<c>GET /_bench/stats</c>); with <paramref name="collect"/>, after a full blocking GC.</summary>
    public async Task<ProcessStats> StatsAsync(bool collect = false) =>
        (await Stats.GetFromJsonAsync<ProcessStats>(BaseUrl + StatsPath + (collect ? "?collect=1" : "")))!;

    /// <summary>
    /// The engine child's grain activations by grain type (<c>GET /_bench/grains</c>); with <paramref name="deactivateIdle"/>,
    /// after every idle activation was deactivated (as idle collection does after its age limit).
    /// </summary>
    public async Task<Dictionary<string, int>> ActivationsAsync(bool deactivateIdle = false)
    {
        using var response = await Grains.GetAsync(BaseUrl + GrainsPath + (deactivateIdle ? "?deactivate=1" : ""));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{GrainsPath} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{Tail()}");
        }
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, int>>())!;
    }

    public const string StatsPath = "/_bench/stats";

    public const string GrainsPath = "/_bench/grains";

    public string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
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

    private void Received(string? line, TaskCompletionSource? ready)
    {
        if (line is null)
        {
            return;
        }
        if (ready is not null && line.Contains(ReadyLine, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 60)
            {
                _tail.Dequeue();
            }
        }
    }
}
