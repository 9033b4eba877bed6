using Azure.Core;
using Azure.Core.Pipeline;

namespace Orleans.Sms.AzureStorage.Tests.Infrastructure;

/// <summary>Counts the HTTP requests a storage client sends (each retry included), to pin down what an operation costs.</summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
