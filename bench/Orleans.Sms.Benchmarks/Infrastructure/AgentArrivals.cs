using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Sms.Testing.Agents;

namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>
/// The responder of a test agent that notes when each probe message reached it: the turn's <c>messages</c> (not its
/// transcript) carry bodies <c>probe N</c>; the agent answers 204 (nothing to say), so nothing else follows.
/// </summary>
internal sealed class AgentArrivals
{
    public const string Prefix = "probe ";

    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _arrivals = new();

    /// <summary>The first request's body, kept as the template of the direct-POST baseline.</summary>
    public byte[]? FirstBody { get; private set; }

    public static string Body(long sequence) => Prefix + sequence.ToString(CultureInfo.InvariantCulture);

    public Task RespondAsync(ReceivedAgentRequest request, HttpContext context)
    {
        var at = Stopwatch.GetTimestamp();
        FirstBody ??= request.Body;
        using var document = JsonDocument.Parse(request.Body);
        foreach (var message in document.RootElement.GetProperty("messages").EnumerateArray())
        {
            var body = message.GetProperty("body").GetString() ?? "";
            if (body.StartsWith(Prefix, StringComparison.Ordinal) && long.TryParse(body.AsSpan(Prefix.Length), CultureInfo.InvariantCulture, out var sequence))
            {
                Arrival(sequence).TrySetResult(at);
            }
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> of when probe <paramref name="sequence"/> reached the agent.</summary>
    public Task<long> WaitAsync(long sequence, TimeSpan timeout) => Arrival(sequence).Task.WaitAsync(timeout);

    private TaskCompletionSource<long> Arrival(long sequence) =>
        _arrivals.GetOrAdd(sequence, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
}
