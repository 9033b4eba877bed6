using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Sms.Testing.Processes;

/// <summary>Starts a server process (e.g. Azurite) and waits until it accepts connections on its loopback port.</summary>
public static class ListeningProcess
{
    /// <summary>
    /// The started process once <paramref name="port"/> accepts a connection; null when it exits first or the port stays
    /// closed past <paramref name="timeout"/> (the process is then killed). Its output lines go to <paramref name="output"/>.
    /// </summary>
    public static async Task<Process?> StartAsync(ProcessStartInfo start, int port, TimeSpan timeout, Action<string?> output)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        process.OutputDataReceived += (_, e) => output(e.Data);
        process.ErrorDataReceived += (_, e) => output(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                process.Dispose();
                return null;
            }
            if (await AcceptsAsync(port))
            {
                return process;
            }
            await Task.Delay(50);
        }
        process.Kill(entireProcessTree: true);
        process.Dispose();
        return null;
    }

    /// <summary>True when something accepts a TCP connection on the loopback <paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
