using Orleans.Runtime;

namespace Orleans.Sms.Benchmarks.Silo;

internal static class Heap
{
    /// <summary>Live bytes on the GC heap after full, compacting, blocking collections.</summary>
    public static long AfterFullCollection()
    {
        for (var i = 0; i < 3; i++)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Activations of grain classes whose name contains <paramref name="typeName"/>, on every silo.</summary>
    public static async Task<int> ActivationsAsync(IGrainFactory grains, string typeName)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(typeName, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
