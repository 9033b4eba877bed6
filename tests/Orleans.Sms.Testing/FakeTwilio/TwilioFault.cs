namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>
/// A failure the fake answers with instead of the normal response (see <see cref="FakeTwilioServer.InjectFault"/>).
/// </summary>
public sealed record class TwilioFault
{
    /// <summary>HTTP status of the error answer; 0 answers normally (after <see cref="Delay"/>).</summary>
    public int Status { get; init; }

    /// <summary>Twilio error code of the body, e.g. 21610.</summary>
    public int Code { get; init; }

    /// <summary>Message of the body.</summary>
    public string Message { get; init; } = "";

    /// <summary>Sent as the <c>Retry-After</c> header (whole seconds) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Wait before answering (the wait ends early when the client gives up or the server stops); with
    /// <see cref="ResetAfterHandling"/>, the wait comes after the message is taken.
    /// </summary>
    public TimeSpan Delay { get; init; }

    /// <summary>
    /// A barrier: the request waits until this task completes (or the client gives up, or the server stops), then is
    /// answered as the rest of the fault says.
    /// </summary>
    public Task? Release { get; init; }

    /// <summary>Drops the connection without an answer, after reading the request.</summary>
    public bool ResetConnection { get; init; }

    /// <summary>Handles the request (a message is taken and stored), then drops the connection without the answer.</summary>
    public bool ResetAfterHandling { get; init; }

    /// <summary>Handles the request (a message is taken and stored), then answers the error of <see cref="Status"/> instead.</summary>
    public bool ErrorAfterHandling { get; init; }

    /// <summary>429 with Twilio code 20429 and <c>Retry-After</c> (1 s unless given).</summary>
    public static TwilioFault TooManyRequests(TimeSpan? retryAfter = null) => new()
    {
        Status = 429, Code = 20429, Message = "Too Many Requests", RetryAfter = retryAfter ?? TimeSpan.FromSeconds(1),
    };

    /// <summary>A 5xx with Twilio's code for it (20500 by default).</summary>
    public static TwilioFault ServerError(int status = 500) => new()
    {
        Status = status, Code = 20000 + status, Message = status == 503 ? "Service Unavailable" : "Internal Server Error",
    };

    /// <summary>Takes the message (it is stored and listed), then answers 500 with code 20500 as if it had failed.</summary>
    public static TwilioFault TakenThenServerError { get; } = ServerError() with { ErrorAfterHandling = true };

    /// <summary>Any Twilio error answer, e.g. <c>Error(21211, "Invalid 'To' Phone Number")</c>.</summary>
    public static TwilioFault Error(int code, string message, int status = 400) => new()
    {
        Status = status, Code = code, Message = message,
    };

    /// <summary>400, code 21610: the recipient replied STOP.</summary>
    public static TwilioFault Unsubscribed { get; } = Error(21610, "Attempt to send to unsubscribed recipient");

    /// <summary>400, code 21211: invalid 'To' number.</summary>
    public static TwilioFault InvalidTo { get; } = Error(21211, "Invalid 'To' Phone Number");

    /// <summary>Answers normally, but only after <paramref name="delay"/>: longer than the client timeout, a timeout.</summary>
    public static TwilioFault Delayed(TimeSpan delay) => new() { Delay = delay };

    /// <summary>Answers normally once <paramref name="release"/> completes: the test decides when the sender hears back.</summary>
    public static TwilioFault HeldUntil(Task release) => new() { Release = release };

    /// <summary>Reads the request, then drops the connection: the client cannot know whether it was taken (it was not).</summary>
    public static TwilioFault ConnectionReset { get; } = new() { ResetConnection = true };

    /// <summary>Takes the message (it is stored and listed), then drops the connection: the answer is lost.</summary>
    public static TwilioFault ConnectionResetAfterTaking { get; } = new() { ResetAfterHandling = true };

    /// <summary>
    /// Takes the message (it is stored and listed), then holds the answer back for <paramref name="delay"/> (or until the
    /// client goes away, e.g. killed) and drops the connection: the message was taken, the sender never hears it.
    /// </summary>
    public static TwilioFault TakenThenHeld(TimeSpan delay) => new() { ResetAfterHandling = true, Delay = delay };

    /// <summary>Answers normally: a placeholder in the schedule, so that a fault queued after it hits a later request.</summary>
    public static TwilioFault None { get; } = new();
}
