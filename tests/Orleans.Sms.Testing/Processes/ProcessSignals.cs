using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Orleans.Sms.Testing.Processes;

/// <summary>Graceful stops: .NET can only SIGKILL a process, but servers save their data and shut down cleanly on a signal.</summary>
public static class ProcessSignals
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    /// <summary>
    /// Sends <paramref name="signal"/> and waits for the process to exit. When it has not within
    /// <paramref name="timeout"/>, it is killed and a <see cref="TimeoutException"/> says so, with <paramref name="output"/>.
    /// </summary>
    public static async Task StopAsync(Process process, int signal, TimeSpan timeout, string name, Func<string> output)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            return;
        }
        if (kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"Could not signal {name} (PID {process.Id}): errno {Marshal.GetLastPInvokeError()}.");
        }
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not stop within {timeout.TotalSeconds} s of signal {signal}. Its output:\n{output()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
