using System.Net.Http;

namespace Orleans.Sms.Agents;

/// <summary>
/// Reads the whole answer inside each attempt, so that the attempt timeout also bounds a slow body (and a retry
/// follows), and an answer larger than <see cref="WebhookAgent.MaxAnswerBytes"/> fails instead of filling memory.
/// </summary>
internal sealed class WebhookAnswerBuffer : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(WebhookAgent.MaxAnswerBytes, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
