using Azure.Core;
using Azure.Core.Pipeline;

namespace Orleans.Sms.AzureStorage.Tests.Infrastructure;

/// <summary>
/// Loses the answer of the next request whose path ends with <see cref="PathEnd"/>: the request reaches storage and is
/// carried out, then the client sees a broken connection (an <see cref="IOException"/>), as when a network fails after
/// the commit. The SDK's retry policy sends the request again. Added per retry, so the retry goes through.
/// </summary>
public sealed class AnswerLost(string pathEnd) : HttpPipelinePolicy
{
    private int _armed = 1;
    private int _lost;

    public string PathEnd { get; } = pathEnd;

    /// <summary>How many answers were lost (0 or 1).</summary>
    public int Lost => Volatile.Read(ref _lost);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (message.Request.Uri.Path.EndsWith(PathEnd, StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Interlocked.Increment(ref _lost);
            throw new IOException($"The answer to {message.Request.Method} {message.Request.Uri.Path} was lost (a test's fault; storage carried it out).");
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The storage code under test is asynchronous.");
}
