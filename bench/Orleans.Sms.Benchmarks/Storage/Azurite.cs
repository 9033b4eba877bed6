using System.Diagnostics;
using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Testing.Azurite;
using Orleans.Sms.Testing.Processes;

namespace Orleans.Sms.Benchmarks.Storage;

/// <summary>The tests' Azurite (<see cref="AzuriteServer"/>: in memory, on a free port), installed first when missing.</summary>
internal static class Azurite
{
    public static async Task<AzuriteServer> StartAsync(BenchContext context)
    {
        if (!File.Exists(AzuriteServer.MainScript))
        {
            context.Log("azurite: not installed; running bash eng/azurite.sh install");
            using var install = Process.Start(new ProcessStartInfo("bash", ["eng/azurite.sh", "install"]) { WorkingDirectory = Repository.Root })!;
            await install.WaitForExitAsync();
            if (install.ExitCode != 0 || !File.Exists(AzuriteServer.MainScript))
            {
                throw new InvalidOperationException("bash eng/azurite.sh install failed.");
            }
        }
        return await AzuriteServer.StartAsync();
    }
}
