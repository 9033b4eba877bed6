using System.Diagnostics;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Host.Tests;

/// <summary>A bad setting stops the real host process with one line naming the key (README.md: Configuration).</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Sms__Session__WarningAfter", "-00:05:00", "Sms:Session:WarningAfter")]
    [InlineData("Sms__Session__GracePeriod", "00:00:00", "Sms:Session:GracePeriod")]
    [InlineData("Sms__Session__ResumeWindow", "soon", "Sms:Session:ResumeWindow")]
    [InlineData("Sms__Session__WarningAfter", "abc", "Sms:Session:WarningAfter")]
    [InlineData("Sms__Agent__BatchWindow", "-00:00:01", "Sms:Agent:BatchWindow")]
    [InlineData("Sms__Agent__MaxConcurrentTurns", "0", "Sms:Agent:MaxConcurrentTurns")]
    [InlineData("Sms__Campaigns__BatchSize", "0", "Sms:Campaigns:BatchSize")]
    [InlineData("Sms__Campaigns__RecheckEvery", "00:00:00", "Sms:Campaigns:RecheckEvery")]
    [InlineData("Sms__Storage", "Cassandra", "Sms:Storage")]
    [InlineData("Sms__Storage", "AzureStorage", "ConnectionStrings:AzureStorage")]
    [InlineData("Sms__Provider", "Twilio", "Sms:Twilio:AccountSid")]
    [InlineData("Sms__PublicBaseUrl", "not-a-url", "Sms:PublicBaseUrl")]
    public async Task BadSetting_StopsTheHostWithOneLineNamingTheKey(string variable, string value, string key)
    {
        var (exitCode, stdout, stderr) = await RunHostAsync((variable, value));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("Orleans.Sms cannot start:", line);
        Assert.Contains(key, line);
        Assert.DoesNotContain(Lines(stdout), l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception"));
    }

    [Theory]
    [InlineData("Urls", "ASPNETCORE_URLS")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTP_PORTS")]
    [InlineData("Sms__Cluster__SiloPort", "Sms:Cluster:SiloPort")]
    [InlineData("Sms__Cluster__GatewayPort", "Sms:Cluster:GatewayPort")]
    public async Task PortInUse_StopsTheHostWithOneLineNamingTheSetting(string variable, string named)
    {
        // Held the way a first engine holds it: on loopback only.
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, stdout, stderr) = await RunHostAsync((variable, variable == "Urls" ? $"http://127.0.0.1:{port}" : port));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("Orleans.Sms cannot start:", line);
        Assert.Contains(named, line);
        Assert.Contains(port, line);
        Assert.DoesNotContain(Lines(stdout), l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception"));
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunHostAsync(params (string Name, string Value)[] settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Orleans.Sms.Host.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        if (!settings.Any(s => s.Name == "ASPNETCORE_HTTP_PORTS"))
        {
            start.Environment["Urls"] = $"http://127.0.0.1:{Ports.Free()}";
        }
        start.Environment["Sms__Cluster__SiloPort"] = Ports.Free().ToString();
        start.Environment["Sms__Cluster__GatewayPort"] = Ports.Free().ToString();
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The host did not stop on a bad setting. Output: {await stdout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
