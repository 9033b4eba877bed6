using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Sms.Conversations;
using Orleans.Sms.Providers;

namespace Orleans.Sms.Benchmarks.Silo;

/// <summary>The provider side of an in-process silo: accepts every message at once and remembers when each customer was first sent one.</summary>
internal sealed class RecordingSender : ISmsSender
{
    private readonly ConcurrentDictionary<string, long> _firstSendTo = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _sendsTo = new(StringComparer.Ordinal);
    private long _sends;

    public long Sends => Interlocked.Read(ref _sends);

    /// <summary><see cref="Stopwatch.GetTimestamp"/> of the first message to <paramref name="customer"/>, or null.</summary>
    public long? FirstSendTo(string customer) => _firstSendTo.TryGetValue(customer, out var at) ? at : null;

    /// <summary>Waits until <paramref name="customer"/> has been sent <paramref name="count"/> messages.</summary>
    public async Task WaitForAsync(string customer, int count, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (_sendsTo.GetValueOrDefault(customer) < count)
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{customer} was sent {_sendsTo.GetValueOrDefault(customer)} of {count} messages within {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(2);
        }
    }

    public Task<SendReceipt> SendAsync(OutboundSms sms, CancellationToken cancellationToken)
    {
        _firstSendTo.TryAdd(sms.To, Stopwatch.GetTimestamp());
        _sendsTo.AddOrUpdate(sms.To, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _sends);
        return Task.FromResult(new SendReceipt("SM" + Guid.NewGuid().ToString("N"), DeliveryStatus.Sent));
    }

    /// <summary>Every send is answered, so nothing is ever looked up.</summary>
    public Task<IReadOnlyList<SendReceipt>> FindAsync(OutboundSms sms, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SendReceipt>>([]);
}
