using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// The real host as a process of its own (<c>dotnet Orleans.Sms.Host.dll</c> from the test's output directory), so a
/// test can kill it with SIGKILL as a crash would. It runs with this test assembly on its probing path (the test's
/// deps file) only so that <see cref="TestReminderPeriod"/> can load. Killed at the end, also when the test fails.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(string name, int httpPort, IReadOnlyDictionary<string, string> settings, ProcessStartInfo start)
    {
        Name = name;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        SiloPort = int.Parse(settings["Sms:Cluster:SiloPort"], CultureInfo.InvariantCulture);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["Urls"] = BaseAddress.ToString().TrimEnd('/');
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>The silo's port, which names it in the cluster's membership (127.0.0.1:port).</summary>
    public int SiloPort { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

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

    /// <summary>The host from this test's output directory, with the test's reminder period loadable.</summary>
    public static HostProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var bin = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = bin };
        foreach (var argument in new[]
        {
            "exec",
            "--runtimeconfig", Path.Combine(bin, "Orleans.Sms.Host.runtimeconfig.json"),
            "--depsfile", Path.Combine(bin, typeof(HostProcess).Assembly.GetName().Name + ".deps.json"),
            Path.Combine(bin, "Orleans.Sms.Host.dll"),
        })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = typeof(TestReminderPeriod).Assembly.GetName().Name;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return new(name, Ports.Free(), settings, start);
    }

    /// <summary>
    /// A <c>dotnet publish</c> output as an operator runs it: <c>dotnet Orleans.Sms.Host.dll</c> in its own directory (the
    /// content root, where its appsettings.json is), with nothing of the test's but <paramref name="settings"/> and the URL.
    /// </summary>
    public static HostProcess StartPublished(string name, string publishDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = publishDirectory };
        start.ArgumentList.Add(Path.Combine(publishDirectory, "Orleans.Sms.Host.dll"));
        foreach (var inherited in start.Environment.Keys.Where(IsEngineSetting).ToList())
        {
            start.Environment.Remove(inherited); // whatever the test runner's environment holds, only the guide's settings count
        }
        return new(name, Ports.Free(), settings, start);
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (silo up, storage reachable).</summary>
    public async Task WaitReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Host {Name} exited with {_process.ExitCode} before it was ready. Its output:\n{Output}");
            }
            try
            {
                using var response = await Http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (clock.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"Host {Name} was not ready within {ReadyTimeout.TotalSeconds} s. Its output:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: no shutdown, no last write, the silo just vanishes from the cluster.</summary>
    public void Crash()
    {
        _process.Kill(entireProcessTree: true); // SIGKILL on Unix
        _process.WaitForExit();
    }

    /// <summary>
    /// What an orchestrator does (SIGTERM): the host shuts down gracefully, and its grains deactivate, writing what they
    /// owe (the archive's batches) on the way out.
    /// </summary>
    public Task StopAsync() => ProcessSignals.StopAsync(_process, ProcessSignals.SigTerm, StopTimeout, $"Host {Name}", () => Output);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static bool IsEngineSetting(string variable) =>
        variable.StartsWith("Sms__", StringComparison.OrdinalIgnoreCase)
        || variable.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || variable.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || variable is "DOTNET_ENVIRONMENT" or "Urls";

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
