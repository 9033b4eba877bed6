using System.Diagnostics;
using Orleans.Sms.Testing.FakeTwilio;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>
/// Counts the inbound messages the engine has answered through the fake Twilio: each echo reply quotes the
/// <c>(ref N)</c> of every message of its batch, so a batch of two counts twice.
/// </summary>
internal sealed class ReplyCounter
{
    public const string Marker = "(ref ";

    private readonly FakeTwilioServer _twilio;
    private int _seen;
    private long _answered;

    public ReplyCounter(FakeTwilioServer twilio)
    {
        _twilio = twilio;
        _seen = twilio.Messages.Count;
    }

    /// <summary>Messages the fake accepted since this counter was made.</summary>
    public int Sends { get; private set; }

    public long Answered()
    {
        var messages = _twilio.Messages;
        for (var i = _seen; i < messages.Count; i++)
        {
            Sends++;
            var body = messages[i].Body.AsSpan();
            for (var at = body.IndexOf(Marker); at >= 0; at = body.IndexOf(Marker))
            {
                _answered++;
                body = body[(at + Marker.Length)..];
            }
        }
        _seen = messages.Count;
        return _answered;
    }

    /// <summary>Waits until <paramref name="expected"/> messages are answered; returns how long that took (the timeout if never).</summary>
    public async Task<(TimeSpan Waited, bool Complete)> WaitForAsync(long expected, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (Answered() < expected)
        {
            if (watch.Elapsed > timeout)
            {
                return (watch.Elapsed, false);
            }
            await Task.Delay(20);
        }
        return (watch.Elapsed, true);
    }
}
