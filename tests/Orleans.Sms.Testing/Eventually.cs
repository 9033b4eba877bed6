using System.Threading.Channels;

namespace Orleans.Sms.Testing;

/// <summary>Waits for a condition that another activation, process or server makes true: a barrier with a deadline, not a sleep.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(10);

    /// <summary>Probes <paramref name="condition"/> until it holds; a <see cref="TimeoutException"/> naming <paramref name="what"/> past the deadline (15 s unless given).</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null) =>
        TrueAsync(condition, () => what, deadline);

    /// <summary>As above, with the wait described as it stands at the deadline (what the last probe saw).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? DefaultDeadline);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {what()}.");
            }
            await Task.Delay(Every);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, deadline);

    /// <summary>The next item of <paramref name="events"/>, or a timeout.</summary>
    public static async Task<T> NextAsync<T>(ChannelReader<T> events, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? DefaultDeadline);
        return await events.ReadAsync(timeout.Token);
    }

    /// <summary>The next <paramref name="count"/> items, in arrival order.</summary>
    public static async Task<List<T>> ReceiveAsync<T>(ChannelReader<T> events, int count)
    {
        var received = new List<T>();
        while (received.Count < count)
        {
            received.Add(await NextAsync(events));
        }
        return received;
    }
}
