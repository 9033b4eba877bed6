using System.Diagnostics;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Testing.Azurite;

/// <summary>
/// Installs Azurite into <c>eng/node_modules</c> when it is missing, with <c>bash eng/azurite.sh install</c> (npm ci of
/// the pinned version). Once per process; the script itself takes a file lock, so parallel test projects install it once.
/// </summary>
public static class AzuriteInstall
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Returns once <see cref="AzuriteServer.MainScript"/> exists; throws with npm's output when the install fails.</summary>
    public static async Task EnsureAsync()
    {
        if (File.Exists(AzuriteServer.MainScript))
        {
            return;
        }
        await Gate.WaitAsync();
        try
        {
            if (!File.Exists(AzuriteServer.MainScript))
            {
                await InstallAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task InstallAsync()
    {
        var start = new ProcessStartInfo("bash", ["eng/azurite.sh", "install"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var install = Process.Start(start)
            ?? throw new InvalidOperationException("Could not start 'bash eng/azurite.sh install'.");
        var output = install.StandardOutput.ReadToEndAsync();
        var errors = install.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await install.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            install.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'bash eng/azurite.sh install' did not finish within {Timeout.TotalMinutes} minutes.");
        }
        if (install.ExitCode != 0 || !File.Exists(AzuriteServer.MainScript))
        {
            throw new InvalidOperationException(
                $"Azurite is missing and 'bash eng/azurite.sh install' failed (exit {install.ExitCode}); it needs Node.js and npm. " +
                $"Its output:\n{await output}\n{await errors}");
        }
    }
}
