using Azure.Core;
using Azure.Core.Pipeline;

namespace Orleans.Sms.AzureStorage.Tests.Infrastructure;

/// <summary>
/// Holds the first request a storage client sends after <see cref="Hold"/> until <see cref="Release"/>: a barrier that
/// lets a test queue more calls behind a request in flight, with no timing involved.
/// </summary>
public sealed class RequestGate : HttpPipelinePolicy
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    /// <summary>Completes when the held request has reached the gate.</summary>
    public Task Entered => _entered.Task;

    /// <summary>The next request waits at the gate.</summary>
    public void Hold() => Volatile.Write(ref _armed, 1);

    /// <summary>Lets the held request go on.</summary>
    public void Release() => _released.TrySetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _entered.TrySetResult();
            await _released.Task.ConfigureAwait(false);
        }
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The storage code under test is asynchronous.");
}
