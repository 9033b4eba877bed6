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
        var tally = new Tally();
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            while (watch.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                tally.Record(await Attempt(send), since: start);
            }
        }).ToList();
        await Task.WhenAll(workers);
        return tally.Result(watch.Elapsed);
    }

    public static async Task<LoadResult> OpenLoopAsync(Func<Task<string?>> send, double rate, TimeSpan duration, int maxOutstanding = 4096)
    {
        var tally = new Tally();
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
                        tally.Record(await Attempt(send), since: scheduled);
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
        return tally.Result(TimeSpan.FromSeconds(Latencies.Millis(start, Stopwatch.GetTimestamp()) / 1000));
    }

    /// <summary>The outcomes of one run, recorded by many concurrent senders: a success's latency, a failure's count and the first reason.</summary>
    private sealed class Tally
    {
        private readonly Latencies _latencies = new();
        private long _ok;
        private long _failed;
        private string? _firstFailure;

        /// <param name="failure">Null on success, else why it failed.</param>
        /// <param name="since">The timestamp the latency counts from (the request's start, or its scheduled start).</param>
        public void Record(string? failure, long since)
        {
            if (failure is null)
            {
                _latencies.AddSince(since, Stopwatch.GetTimestamp());
                Interlocked.Increment(ref _ok);
            }
            else
            {
                Interlocked.Increment(ref _failed);
                Interlocked.CompareExchange(ref _firstFailure, failure, null);
            }
        }

        public LoadResult Result(TimeSpan elapsed) => new(_ok, _failed, elapsed, _latencies, _firstFailure);
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
