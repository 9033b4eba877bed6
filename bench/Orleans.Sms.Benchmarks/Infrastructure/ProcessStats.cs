using System.Diagnostics;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>A process's resource counters at one moment; subtract two to get what a phase cost.</summary>
public sealed record class ProcessStats(
    double CpuMs, long AllocatedBytes, int Gen0, int Gen1, int Gen2, double GcPauseMs, long HeapBytes, long WorkingSetBytes,
    long JitMethods, double JitMs, long LockContentions, int ThreadPoolThreads, long ThreadPoolQueue)
{
    public static ProcessStats Current()
    {
        using var process = Process.GetCurrentProcess();
        return new(
            process.TotalProcessorTime.TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds,
            GC.GetTotalMemory(forceFullCollection: false),
            process.WorkingSet64,
            System.Runtime.JitInfo.GetCompiledMethodCount(),
            System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,
            Monitor.LockContentionCount,
            ThreadPool.ThreadCount,
            ThreadPool.PendingWorkItemCount);
    }

    public static ProcessStats operator -(ProcessStats after, ProcessStats before) => new(
        after.CpuMs - before.CpuMs,
        after.AllocatedBytes - before.AllocatedBytes,
        after.Gen0 - before.Gen0,
        after.Gen1 - before.Gen1,
        after.Gen2 - before.Gen2,
        after.GcPauseMs - before.GcPauseMs,
        after.HeapBytes,
        after.WorkingSetBytes,
        after.JitMethods - before.JitMethods,
        after.JitMs - before.JitMs,
        after.LockContentions - before.LockContentions,
        after.ThreadPoolThreads,
        after.ThreadPoolQueue);
}
