using System.Threading.Channels;

namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>
/// Twilio's status callbacks, as Twilio sends them: for every accepted message with a <c>StatusCallback</c> URL and a
/// <c>From</c>, a signed form post with <c>MessageStatus=sent</c>, then one with <c>delivered</c>, in the background (a
/// few posts at once, each message's two in order). Posts that fail are counted, not retried.
/// </summary>
internal sealed class FakeStatusCallbacks : IAsyncDisposable
{
    private const int Posters = 8;
    private readonly Channel<FakeTwilioMessage> _queue = Channel.CreateUnbounded<FakeTwilioMessage>();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _accountSid;
    private readonly string _authToken;
    private readonly Task _posting;
    private int _posted;
    private int _failed;
    private bool _enabled;
    private int _queued;

    public FakeStatusCallbacks(string accountSid, string authToken)
    {
        _accountSid = accountSid;
        _authToken = authToken;
        _posting = Task.WhenAll(Enumerable.Range(0, Posters).Select(_ => Task.Run(PostAllAsync)));
    }

    /// <summary>Whether messages accepted now get their callbacks.</summary>
    public bool Enabled
    {
        get => Volatile.Read(ref _enabled);
        set => Volatile.Write(ref _enabled, value);
    }

    /// <summary>Callbacks queued and not yet posted (answered or failed).</summary>
    public int Pending => Volatile.Read(ref _queued) - Posted - Failed;

    /// <summary>Callbacks answered with a success status.</summary>
    public int Posted => Volatile.Read(ref _posted);

    /// <summary>Callbacks that failed (an error status or no answer).</summary>
    public int Failed => Volatile.Read(ref _failed);

    public void Enqueue(FakeTwilioMessage message)
    {
        if (Enabled && message is { StatusCallback: not null, From: not null })
        {
            Interlocked.Add(ref _queued, 2);
            _queue.Writer.TryWrite(message);
        }
    }

    private async Task PostAllAsync()
    {
        await foreach (var message in _queue.Reader.ReadAllAsync())
        {
            foreach (var status in (string[])["sent", "delivered"])
            {
                await PostAsync(message, status);
            }
        }
    }

    private async Task PostAsync(FakeTwilioMessage message, string status)
    {
        var form = message.StatusCallbackForm(_accountSid, status);
        try
        {
            using var request = TwilioSignature.SignedPost(_authToken, message.StatusCallback!, form);
            using var response = await _http.SendAsync(request);
            Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _posted : ref _failed);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _posting;
        _http.Dispose();
    }
}
