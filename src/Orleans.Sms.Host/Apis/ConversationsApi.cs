using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Sms.Archive;
using Orleans.Sms.Contacts;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Messaging;

namespace Orleans.Sms.Host.Apis;

/// <summary>Conversations (docs/api.md: Conversations): read one, its sessions, change its status, reply as a human.</summary>
public static class ConversationsApi
{
    public const int MaxMessages = SmsLimits.MaxMessagesPerRead, DefaultMessages = 100;

    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/conversations").RequireAuthorization().RequireRateLimiting(TenantRateLimiting.Policy).WithTags("Conversations");
        api.MapGet("/", ListAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidLimit, SmsErrorCodes.InvalidRequest, SmsErrorCodes.InvalidPhoneNumber);
        api.MapGet("/{conversationId}", GetAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidLimit, SmsErrorCodes.InvalidRequest, SmsErrorCodes.NotFound);
        api.MapGet("/{conversationId}/sessions", GetSessionsAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound);
        api.MapPatch("/{conversationId}", UpdateAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound);
        api.MapPost("/{conversationId}/messages", ReplyAsync)
            .ProducesProblemCodes(
                SmsErrorCodes.InvalidMessage, SmsErrorCodes.NotFound, SmsErrorCodes.RecipientOptedOut,
                SmsErrorCodes.SenderNotCompliant);
        return api;
    }

    public const int MaxPage = 200;

    private static async Task<Results<Ok<ConversationPage>, ProblemHttpResult>> ListAsync(
        string? status, [FromQuery(Name = "agent_number")] string? agentNumber,
        [FromQuery(Name = "customer_number")] string? customerNumber, string? limit, string? cursor,
        ApiCaller caller, IConversationDirectory directory, IGrainFactory grains, [FromKeyedServices(SmsClock.Key)] TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (Paging.ReadLimit(limit, MaxPage) is not { } size)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidLimit, $"'limit' must be a whole number from 1 to {MaxPage}.");
        }
        ConversationStatus? wanted = null;
        if (status is not null)
        {
            // Exactly one documented name, as in a JSON body (docs/api.md: Boundaries): no numbers, no lists, no other casing.
            if (!EnumNames<ConversationStatus>.TryParse(status, out var parsed))
            {
                return Problems.BadRequest(SmsErrorCodes.InvalidRequest, $"'status' must be one of {EnumNames<ConversationStatus>.Allowed}.");
            }
            wanted = parsed;
        }
        string? agent = null, customer = null;
        if ((agentNumber is not null && !E164.TryNormalize(agentNumber, out agent!))
            || (customerNumber is not null && !E164.TryNormalize(customerNumber, out customer!)))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, "'agent_number' and 'customer_number' must be phone numbers.");
        }
        var now = clock.GetUtcNow();
        var page = await directory.ListAsync(
            caller.TenantId, new ConversationFilter(caller.Environment, wanted, agent, customer), cursor, size, cancellationToken);
        var contacts = await ContactsOf(grains, caller).FindRefsAsync(page.Conversations.Select(c => c.CustomerNumber).ToList());
        return TypedResults.Ok(page with
        {
            Conversations = page.Conversations
                .Select(c => c.AsOf(now) with { Contact = contacts.GetValueOrDefault(c.CustomerNumber) }).ToList(),
        });
    }

    public sealed record class SessionList(string ConversationId, IReadOnlyList<SessionView> Sessions);

    public sealed record class ConversationPatch(ConversationStatus? Status, bool? AgentMode);

    public sealed record class ManualReply(string? Message);

    private static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> GetAsync(
        string conversationId, string? limit, ApiCaller caller, IGrainFactory grains)
    {
        if (Paging.ReadLimit(limit, MaxMessages, DefaultMessages) is not { } size)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidLimit, $"'limit' must be a whole number from 1 to {MaxMessages}.");
        }
        var view = ConversationId.IsWellFormed(conversationId)
            ? await grains.GetGrain<IConversationGrain>(conversationId).GetAsync(caller.Owner, size)
            : null;
        return view is null ? NotFound(conversationId) : TypedResults.Ok(await WithContactAsync(view, caller, grains));
    }

    private static async Task<Results<Ok<SessionList>, ProblemHttpResult>> GetSessionsAsync(
        string conversationId, ApiCaller caller, IGrainFactory grains)
    {
        var sessions = ConversationId.IsWellFormed(conversationId)
            ? await grains.GetGrain<IConversationGrain>(conversationId).GetSessionsAsync(caller.Owner)
            : null;
        return sessions is null ? NotFound(conversationId) : TypedResults.Ok(new SessionList(conversationId, sessions));
    }

    private static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> UpdateAsync(
        string conversationId, ConversationPatch patch, ApiCaller caller, IGrainFactory grains)
    {
        var view = ConversationId.IsWellFormed(conversationId)
            ? await grains.GetGrain<IConversationGrain>(conversationId)
                .UpdateAsync(caller.Owner, new ConversationUpdate(patch.Status, patch.AgentMode))
            : null;
        return view is null ? NotFound(conversationId) : TypedResults.Ok(await WithContactAsync(view, caller, grains));
    }

    private static async Task<Results<Created<OutboundOutcome>, ProblemHttpResult>> ReplyAsync(
        string conversationId, ManualReply reply, ApiCaller caller, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(reply.Message) || reply.Message.Length > SmsLimits.MaxBodyLength)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidMessage, $"'message' must be 1 to {SmsLimits.MaxBodyLength} characters.");
        }
        if (!ConversationId.IsWellFormed(conversationId))
        {
            return NotFound(conversationId);
        }
        var sent = await grains.GetGrain<IConversationGrain>(conversationId).ReplyAsync(caller.Owner, reply.Message);
        return sent.Succeeded
            ? TypedResults.Created($"/v1/conversations/{conversationId}", sent.Value)
            : Problems.From(sent.Error);
    }

    /// <summary>The view with its customer's contact (docs/api.md: Conversation view), read now: a renamed or deleted contact shows as it is.</summary>
    private static async Task<ConversationView> WithContactAsync(ConversationView view, ApiCaller caller, IGrainFactory grains)
    {
        var contacts = await ContactsOf(grains, caller).FindRefsAsync([view.CustomerNumber]);
        return view with { Contact = contacts.GetValueOrDefault(view.CustomerNumber) };
    }

    private static IContactBookGrain ContactsOf(IGrainFactory grains, ApiCaller caller) =>
        grains.GetGrain<IContactBookGrain>(IContactBookGrain.KeyFor(caller.TenantId, caller.Environment));

    private static ProblemHttpResult NotFound(string conversationId) =>
        Problems.NotFound($"No conversation '{conversationId}'.");
}
