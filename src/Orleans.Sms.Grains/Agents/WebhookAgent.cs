using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace Orleans.Sms.Agents;

/// <summary>
/// An agent behind an HTTP endpoint (README.md: Agents, <c>{"type":"webhook","url","secret"}</c>): each turn is POSTed as JSON,
/// signed with <c>X-Sms-Signature</c>, through the named client <see cref="WebhookAgentOptions.HttpClientName"/> whose
/// pipeline retries non-2xx answers and timeouts (see <see cref="WebhookAgentOptions"/>).
/// </summary>
/// <remarks>
/// Answers: 200 with <c>{"reply","status","end_session","context"}</c> (every member optional), or 204 for "nothing to
/// say". When every attempt failed, or a 2xx body is malformed, <see cref="AgentFailedException"/> is thrown. A malformed
/// 2xx is not retried: the agent took the turn, and asking again could make it act twice. A failure's reason is shown to
/// the tenant (<c>last_agent_failure</c>), so it says what went wrong in general terms only ("could not be reached",
/// "answered HTTP 500", "timed out", "address not allowed"): no address, port or socket error that would let a tenant
/// probe the engine's network. The operator's log gets the details.
/// </remarks>
public sealed class WebhookAgent(IHttpClientFactory httpClients, ILogger<WebhookAgent> logger) : ISmsAgent
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
        using var response = await SendAsync(http, request, turn, cancellationToken);
        var attempts = Attempts(request);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("Webhook agent of use case {UseCaseId} at {Host} answered {Status} {ReasonPhrase} (after {Attempts} attempts)",
                turn.UseCase.UseCaseId, url.Authority, (int)response.StatusCode, response.ReasonPhrase, attempts);
            throw new AgentFailedException($"the agent answered HTTP {(int)response.StatusCode} (after {attempts} {Plural(attempts)})");
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

    private async Task<HttpResponseMessage> SendAsync(
        HttpClient http, HttpRequestMessage request, AgentTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (Reason(ex, request, cancellationToken) is { } reason)
        {
            // The details (address, port, socket error) are the operator's: logged here, never in the reason.
            logger.LogWarning(ex, "Webhook agent of use case {UseCaseId} at {Host} failed: {Reason}",
                turn.UseCase.UseCaseId, request.RequestUri?.Authority, reason);
            throw new AgentFailedException(reason, ex);
        }
    }

    /// <summary>What the tenant is told of a failed call; null for the caller's own cancellation (not a failure).</summary>
    private static string? Reason(Exception ex, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempts = Attempts(request);
        var after = $" (after {attempts} {Plural(attempts)})";
        return ex switch
        {
            _ when OutboundCallRefusedException.IsIn(ex) => "the agent's address is not allowed",
            TimeoutRejectedException => "the agent timed out" + after,
            HttpRequestException => "the agent could not be reached" + after,
            // HttpClient.Timeout, the backstop behind the pipeline's own timeouts.
            OperationCanceledException when !cancellationToken.IsCancellationRequested => "the agent timed out",
            _ => null,
        };
    }

    private static int Attempts(HttpRequestMessage request) =>
        request.Options.TryGetValue(WebhookRetryPolicy.Attempts, out var attempts) ? attempts : 1;

    private static string Plural(int attempts) => attempts == 1 ? "attempt" : "attempts";
}
