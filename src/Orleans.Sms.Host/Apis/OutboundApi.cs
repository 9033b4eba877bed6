using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;

namespace Orleans.Sms.Host.Apis;

/// <summary><c>POST /v1/outbound-sms</c> (docs/api.md: Sending): the rules live in <see cref="IOutboundGrain"/>, shared with the SDK.</summary>
public static class OutboundApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapOutboundApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").RequireAuthorization().RequireRateLimiting(TenantRateLimiting.Policy).WithTags("Sending");
        api.MapPost("/outbound-sms", SendAsync)
            .ProducesProblemCodes(
                SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.InvalidMessage, SmsErrorCodes.InvalidAgentNumber,
                SmsErrorCodes.UseCaseRequired, SmsErrorCodes.NotFound, SmsErrorCodes.NoSenderAvailable,
                SmsErrorCodes.SenderNotCompliant, SmsErrorCodes.RecipientOptedOut, SmsErrorCodes.IdempotencyKeyReused,
                SmsErrorCodes.AgentRequired, SmsErrorCodes.AgentError, SmsErrorCodes.InvalidRequest, SmsErrorCodes.InvalidTemplate,
                SmsErrorCodes.TemplateVariableMissing);
        return api;
    }

    public sealed record class OutboundSmsBody(string? To, string? Message, string? UseCaseId, string? AgentNumber, JsonElement? Context, string? ContactId);

    private static async Task<Results<Created<OutboundOutcome>, ProblemHttpResult>> SendAsync(
        OutboundSmsBody body, ApiCaller caller, IGrainFactory grains, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey)
    {
        if (body.Context is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, "'context' must be a JSON object.");
        }
        var request = new OutboundSmsRequest(
            body.To, body.Message, body.UseCaseId, body.AgentNumber,
            body.Context is { ValueKind: JsonValueKind.Object } context ? context.GetRawText() : null, body.ContactId);
        var sent = await grains.GetGrain<IOutboundGrain>(0).SendAsync(caller.TenantId, caller.Environment, request, idempotencyKey);
        return sent.Succeeded
            ? TypedResults.Created($"/v1/conversations/{sent.Value.ConversationId}", sent.Value)
            : Problems.From(sent.Error);
    }
}
