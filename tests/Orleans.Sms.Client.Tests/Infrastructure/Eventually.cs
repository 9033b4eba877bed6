namespace Orleans.Sms.Client.Tests.Infrastructure;

/// <summary>Waits for a condition that another activation makes true (a barrier with a deadline, not a sleep).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
            await Task.Delay(10);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, deadline);

    /// <summary>The next item of <paramref name="events"/>, or a timeout.</summary>
    public static async Task<T> NextAsync<T>(System.Threading.Channels.ChannelReader<T> events, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(15));
        return await events.ReadAsync(timeout.Token);
    }

    /// <summary>The next <paramref name="count"/> items, in arrival order (the hub does not promise publication order).</summary>
    public static async Task<List<T>> ReceiveAsync<T>(System.Threading.Channels.ChannelReader<T> events, int count)
    {
        var received = new List<T>();
        while (received.Count < count)
        {
            received.Add(await NextAsync(events));
        }
        return received;
    }
}
