using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>What every request goes through before its endpoint: recorded, then Basic auth, then injected faults.</summary>
internal static class FakeTwilioGate
{
    public static async Task HandleAsync(HttpContext context, RequestDelegate next, FakeTwilioState state, CancellationToken stopping)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<FakeTwilioRouteTag>()?.Route;
        var request = context.Request;
        var form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted) : null;
        state.Record(new RecordedRequest(
            route,
            request.Method,
            request.Path.Value ?? "",
            Flatten(request.Query),
            form is null ? new Dictionary<string, string>() : Flatten(form),
            new Dictionary<string, string>(
                request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())), StringComparer.OrdinalIgnoreCase),
            state.Clock.GetUtcNow()));

        if (!IsAuthorized(request, state))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            await TwilioJson.Error(StatusCodes.Status401Unauthorized, 20003, "Authenticate").ExecuteAsync(context);
            return;
        }

        if (request.RouteValues.TryGetValue("accountSid", out var accountSid) && !Equals(accountSid, state.AccountSid))
        {
            await TwilioJson.NotFound(request).ExecuteAsync(context);
            return;
        }

        var fault = route is { } r ? state.Faults.Take(r, form?["To"].ToString() ?? request.Query["To"].ToString()) : null;
        if (fault is { ResetAfterHandling: true })
        {
            // The endpoint does its work, but its answer never leaves: nothing is written before the abort (held until
            // the client gives up or the delay ends, when the fault has one).
            context.Response.Body = Stream.Null;
            await next(context);
            await HoldAsync(context, fault.Delay, stopping);
            context.Abort();
            return;
        }
        if (fault is { ErrorAfterHandling: true })
        {
            // The endpoint does its work; its answer is dropped and the fault's error goes out instead.
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            await next(context);
            context.Response.Body = body;
            context.Response.Clear();
            await TwilioJson.Error(fault.Status, fault.Code, fault.Message).ExecuteAsync(context);
            return;
        }
        if (fault is not null && await AnsweredByFaultAsync(context, fault, stopping))
        {
            return;
        }
        await next(context);
    }

    private static async Task HoldAsync(HttpContext context, TimeSpan delay, CancellationToken stopping)
    {
        if (delay > TimeSpan.Zero)
        {
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            await Task.Delay(delay, ended.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task<bool> AnsweredByFaultAsync(HttpContext context, TwilioFault fault, CancellationToken stopping)
    {
        if (fault.Delay > TimeSpan.Zero || fault.Release is not null)
        {
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(fault.Delay, ended.Token);
                await (fault.Release ?? Task.CompletedTask).WaitAsync(ended.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return true;
            }
        }

        if (fault.ResetConnection)
        {
            context.Abort();
            return true;
        }

        if (fault.Status == 0)
        {
            return false;
        }

        if (fault.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        await TwilioJson.Error(fault.Status, fault.Code, fault.Message).ExecuteAsync(context);
        return true;
    }

    private static bool IsAuthorized(HttpRequest request, FakeTwilioState state)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            return credentials == $"{state.AccountSid}:{state.AuthToken}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Dictionary<string, string> Flatten(IEnumerable<KeyValuePair<string, StringValues>> fields) =>
        fields.ToDictionary(f => f.Key, f => string.Join(",", f.Value.ToArray()), StringComparer.Ordinal);
}
