using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Orleans.Sms.Durability.Tests.Infrastructure;

/// <summary>
/// Customers texting the engine through whichever hosts are up, round robin. A message that is not accepted (an
/// error, a refused connection) is sent again with the same MessageSid until it is, as Twilio retries a webhook; so
/// every message ends accepted, and the engine must have recorded each exactly once.
/// </summary>
public sealed class InboundTraffic(IReadOnlyList<HostProcess> hosts, SmsApi api)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelivery = TimeSpan.FromSeconds(90);

    private readonly ConcurrentDictionary<string, string> _accepted = new();
    private readonly ConcurrentDictionary<HostProcess, bool> _down = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private int _next;
    private long _longestTicks;

    /// <summary>Every accepted message: MessageSid → customer.</summary>
    public IReadOnlyDictionary<string, string> Accepted => _accepted;

    /// <summary>Every attempt that was not accepted (and was retried), with the host and what it answered.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>The longest single request (a host waiting on a silo not yet declared dead shows here).</summary>
    public TimeSpan LongestRequest => TimeSpan.FromTicks(Interlocked.Read(ref _longestTicks));

    /// <summary>The load balancer noticed: no new request goes to <paramref name="host"/>.</summary>
    public void MarkDown(HostProcess host) => _down[host] = true;

    /// <summary>Each customer texts <paramref name="to"/> one message after another until <paramref name="stop"/>.</summary>
    public Task RunAsync(string to, IEnumerable<string> customers, TimeSpan gap, CancellationToken stop) =>
        Task.WhenAll(customers.Select(customer => Task.Run(async () =>
        {
            for (var k = 1; !stop.IsCancellationRequested; k++)
            {
                await DeliverAsync(customer, to, $"Message {k} from {customer}", SmsApi.NewMessageSid());
                try
                {
                    await Task.Delay(gap, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        })));

    /// <summary>Sends one message until a host accepts it (202), the same MessageSid every time.</summary>
    public async Task DeliverAsync(string from, string to, string body, string messageSid)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var host = NextHost();
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await api.On(host.Http).InboundAsync(from, to, body, messageSid);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    _accepted[messageSid] = from;
                    return;
                }
                var detail = await response.Content.ReadAsStringAsync();
                _failures.Enqueue($"{host.Name} {(int)response.StatusCode} {detail[..Math.Min(160, detail.Length)]}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _failures.Enqueue($"{host.Name} {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                var took = Stopwatch.GetElapsedTime(started).Ticks;
                long longest;
                while (took > (longest = Interlocked.Read(ref _longestTicks))
                    && Interlocked.CompareExchange(ref _longestTicks, took, longest) != longest)
                {
                }
            }
            if (clock.Elapsed > MaxDelivery)
            {
                throw new TimeoutException($"Message {messageSid} from {from} was not accepted within {MaxDelivery.TotalSeconds} s.");
            }
            await Task.Delay(RetryDelay);
        }
    }

    private HostProcess NextHost()
    {
        var up = hosts.Where(h => !_down.ContainsKey(h)).ToList();
        return up[(int)((uint)Interlocked.Increment(ref _next) % (uint)up.Count)];
    }
}
