using System.Diagnostics;
using System.Text;

namespace Orleans.Sms.Durability.Tests.Deployment;

/// <summary>
/// The host as docs/deploy.md ships it: <c>dotnet publish src/Orleans.Sms.Host -c Release -o DIR</c>, run once for the
/// test class into a temp directory of its own, and removed at the end. <c>--no-restore</c>: the test project references
/// the host, so building the tests has restored it (CI restores the solution first); <c>--disable-build-servers</c>: no
/// compiler server or MSBuild node outlives the publish holding its output open.
/// </summary>
public sealed class PublishedHost : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    private readonly StringBuilder _output = new();

    /// <summary>Where <c>Orleans.Sms.Host.dll</c> and its dependencies are.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("sms-publish-").FullName;

    /// <summary>How long <c>dotnet publish</c> took (Release build of the host and its projects, then the copy).</summary>
    public TimeSpan PublishTime { get; private set; }

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "publish", Path.Combine("src", "Orleans.Sms.Host"), "-c", "Release", "-o", Directory,
            "--no-restore", "--disable-build-servers", "-nologo",
        })
        {
            start.ArgumentList.Add(argument);
        }
        // The test runner's MSBuild variables (set by `dotnet test`) would point the child build at the runner's build.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var clock = Stopwatch.StartNew();
        using var publish = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        publish.OutputDataReceived += (_, e) => Append(e.Data);
        publish.ErrorDataReceived += (_, e) => Append(e.Data);
        publish.BeginOutputReadLine();
        publish.BeginErrorReadLine();
        using (var deadline = new CancellationTokenSource(PublishTimeout))
        {
            try
            {
                await publish.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                publish.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet publish did not finish within {PublishTimeout.TotalMinutes} min. Its output:\n{Output}");
            }
        }
        PublishTime = clock.Elapsed;
        if (publish.ExitCode != 0 || !File.Exists(Path.Combine(Directory, "Orleans.Sms.Host.dll")))
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}). Its output:\n{Output}");
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
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
