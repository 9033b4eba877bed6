using Orleans.Sms.Benchmarks.Infrastructure;
using Orleans.Sms.Testing.Azurite;

namespace Orleans.Sms.Benchmarks.Storage;

/// <summary>The tests' Azurite (<see cref="AzuriteServer"/>: in memory, on a free port), installed first when missing.</summary>
internal static class Azurite
{
    public static async Task<AzuriteServer> StartAsync(BenchContext context)
    {
        if (!File.Exists(AzuriteServer.MainScript))
        {
            context.Log("azurite: not installed; running bash eng/azurite.sh install");
        }
        return await AzuriteServer.StartAsync();
    }
}
