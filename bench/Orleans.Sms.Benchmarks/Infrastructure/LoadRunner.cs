using System.Diagnostics;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>
/// Drives a send delegate (null on success, else why it failed). Closed loop finds saturation (each worker sends its next
/// request when its last one is answered); open loop holds a fixed rate and measures latency from each request's
/// scheduled start, so a slow answer is never hidden by the requests it delayed (no coordinated omission).
/// </summary>
public static class LoadRunner
{
    public static async Task<LoadResult> ClosedLoopAsync(Func<Task<string?>> send, int concurrency, TimeSpan duration)
    {
        var latencies = new Latencies();
        long ok = 0, failed = 0;
        string? firstFailure = null;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            while (watch.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                var failure = await Attempt(send);
                if (failure is null)
                {
                    latencies.AddSince(start, Stopwatch.GetTimestamp());
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, failure, null);
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        return new(ok, failed, watch.Elapsed, latencies, firstFailure);
    }

    public static async Task<LoadResult> OpenLoopAsync(Func<Task<string?>> send, double rate, TimeSpan duration, int maxOutstanding = 4096)
    {
        var latencies = new Latencies();
        long ok = 0, failed = 0;
        string? firstFailure = null;
        var total = (long)(rate * duration.TotalSeconds);
        var tasks = new List<Task>((int)Math.Min(total, 1_000_000));
        using var outstanding = new SemaphoreSlim(maxOutstanding);
        var start = Stopwatch.GetTimestamp();
        long issued = 0;
        while (issued < total)
        {
            var due = Math.Min(total, (long)(Latencies.Millis(start, Stopwatch.GetTimestamp()) / 1000.0 * rate) + 1);
            while (issued < due)
            {
                var scheduled = start + (long)(issued / rate * Stopwatch.Frequency);
                issued++;
                await outstanding.WaitAsync();
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        var failure = await Attempt(send);
                        if (failure is null)
                        {
                            latencies.AddSince(scheduled, Stopwatch.GetTimestamp());
                            Interlocked.Increment(ref ok);
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                            Interlocked.CompareExchange(ref firstFailure, failure, null);
                        }
                    }
                    finally
                    {
                        outstanding.Release();
                    }
                }));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(tasks);
        return new(ok, failed, TimeSpan.FromSeconds(Latencies.Millis(start, Stopwatch.GetTimestamp()) / 1000), latencies, firstFailure);
    }

    private static async Task<string?> Attempt(Func<Task<string?>> send)
    {
        try
        {
            return await send();
        }
        catch (Exception ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }
}
