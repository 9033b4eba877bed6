using System.Runtime;
using System.Runtime.InteropServices;

namespace Orleans.Sms.Benchmarks.Infrastructure;

internal static class MachineInfo
{
    public static string Describe()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"Machine: {Environment.ProcessorCount} cores, {memory:0.0} GiB RAM, {RuntimeInformation.OSDescription}, " +
               $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC";
    }
}
