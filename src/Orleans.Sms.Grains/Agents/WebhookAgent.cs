using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using Polly.Timeout;

namespace Orleans.Sms.Agents;

/// <summary>
/// An agent behind an HTTP endpoint (CONTRACT §10, <c>{"type":"webhook","url","secret"}</c>): each turn is POSTed as JSON,
/// signed with <c>X-Sms-Signature</c>, through the named client <see cref="WebhookAgentOptions.HttpClientName"/> whose
/// pipeline retries non-2xx answers and timeouts (see <see cref="WebhookAgentOptions"/>).
/// </summary>
/// <remarks>
/// Answers: 200 with <c>{"reply","status","end_session","context"}</c> (every member optional), or 204 for "nothing to
/// say". When every attempt failed, or a 2xx body is malformed, <see cref="AgentFailedException"/> is thrown. A malformed
/// 2xx is not retried: the agent took the turn, and asking again could make it act twice.
/// </remarks>
public sealed class WebhookAgent(IHttpClientFactory httpClients) : ISmsAgent
{
    /// <summary>The agent type name in a use case's agent spec.</summary>
    public const string Type = "webhook";

    /// <summary>An id of the turn, the same on each of its attempts, so that an agent can drop repeats.</summary>
    public const string DeliveryHeaderName = "X-Sms-Delivery";

    /// <summary>Answers larger than this are refused: a reply is at most 1600 characters plus some context.</summary>
    internal const int MaxAnswerBytes = 1024 * 1024;

    /// <inheritdoc />
    public async Task<AgentReply> RespondAsync(AgentTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var spec = turn.UseCase.Agent;
        if (!Uri.TryCreate(spec?.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new AgentFailedException("the webhook agent has no absolute http(s) url");
        }
        if (string.IsNullOrEmpty(spec!.Secret))
        {
            throw new AgentFailedException("the webhook agent has no secret to sign with");
        }

        var body = WebhookRequest.Serialize(turn);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(spec.Secret, body));
        request.Headers.Add(DeliveryHeaderName, Guid.NewGuid().ToString("N"));

        var http = httpClients.CreateClient(WebhookAgentOptions.HttpClientName);
        using var response = await SendAsync(http, request, cancellationToken);
        var attempts = Attempts(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new AgentFailedException(
                $"webhook answered {(int)response.StatusCode} {response.ReasonPhrase} (after {attempts} {Plural(attempts)})");
        }
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return new AgentReply(null);
        }

        // Already buffered inside the attempt (WebhookAnswerBuffer), so this does not wait on the network.
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return answer.Length == 0
            ? throw new AgentFailedException("webhook answered an empty body; answer {\"reply\":null} or 204 for no reply")
            : WebhookAnswer.Parse(answer);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            var attempts = Attempts(request);
            throw new AgentFailedException($"webhook timed out (after {attempts} {Plural(attempts)})", ex);
        }
        catch (HttpRequestException ex)
        {
            var attempts = Attempts(request);
            throw new AgentFailedException($"webhook could not be reached: {ex.Message} (after {attempts} {Plural(attempts)})", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, the backstop behind the pipeline's own timeouts.
            throw new AgentFailedException("webhook timed out", ex);
        }
    }

    private static int Attempts(HttpRequestMessage request) =>
        request.Options.TryGetValue(WebhookRetryPolicy.Attempts, out var attempts) ? attempts : 1;

    private static string Plural(int attempts) => attempts == 1 ? "attempt" : "attempts";
}
