using System.Diagnostics;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>Waits for something another process makes true: a barrier with a deadline, never a bare sleep.</summary>
public static class Eventually
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Probes until <paramref name="done"/> holds and returns the last value. A probe that throws (a host still
    /// recovering) counts as not done; the last failure is in the timeout's message.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        Exception? lastFailure = null;
        var last = default(T);
        while (true)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or System.Text.Json.JsonException)
            {
                lastFailure = ex;
            }
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException(
                    $"Timed out after {deadline.TotalSeconds:0.#} s waiting for {what}. Last value: {last}. Last failure: {lastFailure?.Message ?? "none"}");
            }
            await Task.Delay(Every);
        }
    }

    public static Task<bool> TrueAsync(Func<Task<bool>> condition, string what, TimeSpan deadline) =>
        UntilAsync(condition, ok => ok, what, deadline);
}
