using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Messaging;
using Orleans.Sms.Numbers;
using Orleans.Sms.Routing;
using Orleans.Sms.Simulator;

namespace Orleans.Sms.Host.Apis;

/// <summary>The simulator's doors (docs/api.md: Simulator): text the engine, read what it would have sent.</summary>
public static class SimulatorApi
{

    public static RouteGroupBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/simulator").RequireAuthorization().RequireRateLimiting(TenantRateLimiting.Policy).WithTags("Simulator");
        api.MapPost("/inbound", InboundAsync)
            .ProducesProblemCodes(
                SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.InvalidMessage, SmsErrorCodes.InvalidRequest, SmsErrorCodes.NotFound);
        api.MapGet("/outbox", OutboxAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidPhoneNumber);
        return api;
    }

    public sealed record class SimulatedInbound(string? From, string? To, string? Body, string? MessageSid);

    /// <summary>The accepted message; <c>conversation_id</c> is null when the number is in no sms pool (kept as unrouted).</summary>
    public sealed record class SimulatedInboundAccepted(string MessageSid, string? ConversationId);

    public sealed record class Outbox(IReadOnlyList<OutboxEntry> Messages);

    private static async Task<Results<Accepted<SimulatedInboundAccepted>, ProblemHttpResult>> InboundAsync(
        SimulatedInbound request, ApiCaller caller, SmsHostOptions options, IGrainFactory grains, InboundRouter router,
        CancellationToken cancellationToken)
    {
        if (!options.IsSimulator)
        {
            return Problems.NotFound("The simulator is available only with Sms:Provider=Simulator.");
        }
        if (!E164.TryNormalize(request.From, out var from))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"'from' is not a phone number: '{request.From}'.");
        }
        if (!E164.TryNormalize(request.To, out var to))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"'to' is not a phone number: '{request.To}'.");
        }
        if (request.Body is null || request.Body.Length > Orleans.Sms.Conversations.SmsLimits.MaxBodyLength)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidMessage, $"'body' is required and at most {Orleans.Sms.Conversations.SmsLimits.MaxBodyLength} characters.");
        }
        if (request.MessageSid is { Length: > FieldLimits.ProviderId })
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, $"'message_sid' is at most {FieldLimits.ProviderId} characters.");
        }
        // A key simulates traffic to its own numbers only: another environment's number is as foreign as another tenant's.
        if (await grains.GetGrain<IPhoneNumberGrain>(to).GetAsync() is { } number && number.Owner != caller.Owner)
        {
            return Problems.NotFound($"Number {to} is not one of yours.");
        }
        var sid = string.IsNullOrWhiteSpace(request.MessageSid) ? SimulatorIds.MessageSid() : request.MessageSid.Trim();
        var delivery = await router.RouteAsync(new InboundSms(sid, from, to, request.Body, []), cancellationToken);
        return TypedResults.Accepted((string?)null, new SimulatedInboundAccepted(sid, delivery.Outcome?.ConversationId));
    }

    private static async Task<Results<Ok<Outbox>, ProblemHttpResult>> OutboxAsync(
        string? to, ApiCaller caller, IGrainFactory grains)
    {
        string? number = null;
        if (to is not null && !E164.TryNormalize(to, out number))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"'to' is not a phone number: '{to}'.");
        }
        var entries = await grains.GetGrain<ISimulatorOutboxGrain>(ISimulatorOutboxGrain.KeyFor(caller.Owner)).ListAsync(number);
        return TypedResults.Ok(new Outbox(entries));
    }
}
