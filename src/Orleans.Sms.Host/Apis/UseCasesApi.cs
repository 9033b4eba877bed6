using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Sms.Agents;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Messaging;
using Orleans.Sms.Tenants;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Host.Apis;

/// <summary>Use cases and their numbers (docs/api.md: Use cases). The rules live in the grains; this maps HTTP onto them.</summary>
public static class UseCasesApi
{
    public static RouteGroupBuilder MapUseCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/use-cases").RequireAuthorization().RequireRateLimiting(TenantRateLimiting.Policy).WithTags("Use cases");
        api.MapPost("/", CreateAsync)
            .ProducesProblemCodes(SmsErrorCodes.EnvironmentMismatch, SmsErrorCodes.ProviderError);
        api.MapGet("/", ListAsync);
        api.MapGet("/{useCaseId}", GetAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound);
        api.MapDelete("/{useCaseId}", DeleteAsync)
            .ProducesProblemCodes(
                SmsErrorCodes.NotFound, SmsErrorCodes.NumbersStillAssigned, SmsErrorCodes.UseCaseInUse, SmsErrorCodes.ProviderError);
        api.MapPost("/{useCaseId}/numbers", AssignAsync)
            .ProducesProblemCodes(
                SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.NotFound, SmsErrorCodes.NotSmsCapable, SmsErrorCodes.NotVoiceCapable, SmsErrorCodes.TollFreeVerificationRequired,
                SmsErrorCodes.A2pCampaignRequired, SmsErrorCodes.NumberAlreadyAssigned, SmsErrorCodes.ProviderError);
        api.MapDelete("/{useCaseId}/numbers/{number}", UnassignAsync)
            .ProducesProblemCodes(
                SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.NotFound, SmsErrorCodes.ProviderError);
        return api;
    }

    public sealed record class AgentRequest(string? Type, string? Url, string? Secret);

    public sealed record class UseCaseRequest(
        string? Name, string? Channel, string? Environment, AgentRequest? Agent,
        string? Greeting, string? Instructions, string? WarningMessage, string? HelpText, TimeSpan? BatchWindow);

    public sealed record class AgentView(string Type, string? Url);

    public sealed record class UseCaseResponse(
        string UseCaseId, string? MessagingServiceSid, string Name, string Channel, string Environment, AgentView? Agent,
        string? Greeting, string? Instructions, string? WarningMessage, string? HelpText, TimeSpan? BatchWindow, IReadOnlyList<string> Numbers)
    {
        /// <summary>The agent's secret is write-only: it is never shown again.</summary>
        public static UseCaseResponse Of(UseCaseView view)
        {
            var d = view.Definition;
            return new(d.UseCaseId, d.MessagingServiceSid, d.Name, d.Channel, d.Environment,
                d.Agent is { } a ? new AgentView(a.Type, a.Url) : null,
                d.Greeting, d.Instructions, d.WarningMessage, d.HelpText, d.BatchWindow, view.Numbers);
        }
    }

    public sealed record class UseCaseList(IReadOnlyList<UseCaseResponse> UseCases);

    public sealed record class AssignRequest(string? PhoneNumber);

    private static async Task<Results<Created<UseCaseResponse>, ProblemHttpResult>> CreateAsync(
        UseCaseRequest request, ApiCaller caller, IGrainFactory grains, OutboundCallGuard guard, CancellationToken cancellationToken)
    {
        if ((UseCaseValidation.Validate(request, caller) ?? await UseCaseValidation.ValidateAgentUrlAsync(request, guard, cancellationToken))
            is { } invalid)
        {
            return Problems.From(invalid);
        }
        var useCaseId = "uc_" + Guid.NewGuid().ToString("N");
        var agent = request.Agent is { Type: { } type } a ? new AgentSpec(type.ToLowerInvariant(), a.Url, a.Secret) : null;
        var created = await grains.GetGrain<IUseCaseGrain>(useCaseId).CreateAsync(new UseCaseDefinition(
            useCaseId, caller.TenantId, request.Name!.Trim(), request.Channel!, caller.Environment, agent,
            request.Greeting, request.Instructions, request.WarningMessage, request.HelpText, BatchWindow: request.BatchWindow));
        if (!created.Succeeded)
        {
            return Problems.From(created.Error);
        }
        return TypedResults.Created($"/v1/use-cases/{useCaseId}", UseCaseResponse.Of(new UseCaseView(created.Value, [])));
    }

    private static async Task<Ok<UseCaseList>> ListAsync(ApiCaller caller, IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ITenantGrain>(caller.TenantId).ListUseCasesAsync(caller.Environment);
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IUseCaseGrain>(id).DescribeAsync(caller.Owner)));
        return TypedResults.Ok(new UseCaseList(views.OfType<UseCaseView>().Select(UseCaseResponse.Of).ToList()));
    }

    private static async Task<Results<Ok<UseCaseResponse>, ProblemHttpResult>> GetAsync(string useCaseId, ApiCaller caller, IGrainFactory grains)
    {
        var view = await grains.GetGrain<IUseCaseGrain>(useCaseId).DescribeAsync(caller.Owner);
        return view is null ? Problems.NotFound($"No use case {useCaseId}.") : TypedResults.Ok(UseCaseResponse.Of(view));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string useCaseId, ApiCaller caller, IGrainFactory grains)
    {
        var deleted = await grains.GetGrain<IUseCaseGrain>(useCaseId).DeleteAsync(caller.Owner);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(deleted.Error);
    }

    private static async Task<Results<Created<NumberAssignment>, Ok<NumberAssignment>, ProblemHttpResult>> AssignAsync(
        string useCaseId, AssignRequest request, ApiCaller caller, IGrainFactory grains)
    {
        if (!E164.TryNormalize(request.PhoneNumber, out var number))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"'phone_number' is not a phone number: '{request.PhoneNumber}'.");
        }
        var assigned = await grains.GetGrain<IUseCaseGrain>(useCaseId).AssignNumberAsync(caller.Owner, number);
        if (!assigned.Succeeded)
        {
            return Problems.From(assigned.Error);
        }
        return assigned.Value.Changed
            ? TypedResults.Created($"/v1/use-cases/{useCaseId}", assigned.Value)
            : TypedResults.Ok(assigned.Value);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnassignAsync(
        string useCaseId, string number, ApiCaller caller, IGrainFactory grains)
    {
        if (!E164.TryNormalizeRoute(number, out var e164))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"Not a phone number: '{number}'.");
        }
        var removed = await grains.GetGrain<IUseCaseGrain>(useCaseId).UnassignNumberAsync(caller.Owner, e164);
        return removed.Succeeded ? TypedResults.NoContent() : Problems.From(removed.Error);
    }
}
