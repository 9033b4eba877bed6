namespace Orleans.Sms.Twilio.Http;

/// <summary>
/// One provider operation, visible to the HttpClient handlers through the async flow. The Twilio SDK 8.2.0 takes no
/// <see cref="CancellationToken"/> and drops the HTTP status when an error body is not Twilio's JSON, so the token
/// goes in and the final status comes out this way.
/// </summary>
/// <remarks>
/// The <see cref="AsyncLocal{T}"/> is static, like <c>Activity.Current</c>: its value belongs to one async flow
/// (one provider call), never to the process, so no state is shared between calls.
/// </remarks>
internal sealed class TwilioCall : IDisposable
{
    private static readonly AsyncLocal<TwilioCall?> CurrentCall = new();
    private readonly TwilioCall? _outer;

    private TwilioCall(CancellationToken cancellationToken)
    {
        _outer = CurrentCall.Value;
        CancellationToken = cancellationToken;
        CurrentCall.Value = this;
    }

    /// <summary>The operation under way in this async flow, if any.</summary>
    public static TwilioCall? Current => CurrentCall.Value;

    /// <summary>The caller's token, linked into every HTTP request of the operation.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The HTTP status of the last response the pipeline returned (after retries), if one came.</summary>
    public int? LastStatus { get; set; }

    /// <summary>Starts an operation for the current async flow; dispose it when the operation ends.</summary>
    public static TwilioCall Begin(CancellationToken cancellationToken) => new(cancellationToken);

    public void Dispose() => CurrentCall.Value = _outer;
}
