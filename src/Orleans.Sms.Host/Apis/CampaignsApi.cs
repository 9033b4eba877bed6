using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Contacts.Import;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Outbound;

namespace Orleans.Sms.Host.Apis;

/// <summary>Campaigns (docs/api.md: Campaigns). The rules live in the campaign grain and its plain types; this maps HTTP onto them.</summary>
public static class CampaignsApi
{
    /// <summary>
    /// The largest JSON list of recipients: 10,000 entries of up to 64 characters each, escaped, with room to spare (1 MiB;
    /// a larger body is 413 <c>payload_too_large</c>).
    /// </summary>
    public const long RecipientListBytes = 1024 * 1024;

    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/campaigns").RequireAuthorization().RequireRateLimiting(TenantRateLimiting.Policy).WithTags("Campaigns");
        api.MapPost("/", CreateAsync).ProducesProblemCodes(
            SmsErrorCodes.InvalidRequest, SmsErrorCodes.InvalidMessage, SmsErrorCodes.InvalidTemplate, SmsErrorCodes.NotFound, SmsErrorCodes.UseCaseRequired);
        api.MapGet("/", ListAsync).ProducesProblemCodes(SmsErrorCodes.InvalidLimit, SmsErrorCodes.InvalidRequest);
        api.MapGet("/{campaignId}", GetAsync).ProducesProblemCodes(SmsErrorCodes.NotFound);
        api.MapDelete("/{campaignId}", DeleteAsync).ProducesProblemCodes(SmsErrorCodes.NotFound, SmsErrorCodes.InvalidCampaignState);
        // One route, two endpoints that routing picks by Content-Type: JSON lists, or a CSV file imported into the campaign.
        // The document shows them as one operation (the JSON one, which declares the CSV one's media types and codes too).
        api.MapPost("/{campaignId}/recipients", AddRecipientsAsync)
            .WithMetadata(new RequestSizeLimitAttribute(RecipientListBytes)) // 10,000 entries do not fit the JSON routes' 64 KB
            .DescribesCsvUploadToo()
            .Produces<ContactImportView>(StatusCodes.Status202Accepted)
            .ProducesProblemCodes([SmsErrorCodes.NotFound, SmsErrorCodes.InvalidCampaignState, .. ContactImportsApi.UploadProblemCodes]);
        api.MapPost("/{campaignId}/recipients", ImportRecipientsAsync)
            .AcceptsCsvUpload()
            .WithOrder(1) // a body without a Content-Type goes to the JSON endpoint (and its 415), not to an ambiguous match
            .ExcludeFromDescription()
            .ProducesProblemCodes([SmsErrorCodes.NotFound, SmsErrorCodes.InvalidCampaignState, .. ContactImportsApi.UploadProblemCodes]);
        api.MapGet("/{campaignId}/recipients", ListRecipientsAsync)
            .ProducesProblemCodes(SmsErrorCodes.NotFound, SmsErrorCodes.InvalidLimit, SmsErrorCodes.InvalidRequest);
        foreach (var command in Enum.GetValues<CampaignCommand>())
        {
            api.MapPost($"/{{campaignId}}/{command.ToString().ToLowerInvariant()}",
                    (string campaignId, ApiCaller caller, IGrainFactory grains) => CommandAsync(campaignId, command, caller, grains))
                .ProducesProblemCodes(SmsErrorCodes.NotFound, SmsErrorCodes.InvalidCampaignState, SmsErrorCodes.CampaignEmpty, SmsErrorCodes.NoSenderAvailable);
        }
        return api;
    }

    public sealed record class CampaignList(IReadOnlyList<CampaignJson> Campaigns, string? NextCursor);

    public sealed record class RecipientList(IReadOnlyList<CampaignRecipientView> Recipients, string? NextCursor);

    private static async Task<Results<Created<CampaignJson>, ProblemHttpResult>> CreateAsync(
        JsonElement body, ApiCaller caller, IGrainFactory grains, OutboundSend outbound)
    {
        var draft = CampaignBody.Read(body);
        if (!draft.Succeeded)
        {
            return Problems.From(draft.Error);
        }
        if (draft.Value.WorkflowId is { } workflowId)
        {
            return Problems.From(new SmsError(SmsErrorCodes.NotFound, $"No workflow {workflowId}."));
        }
        var useCase = await outbound.ResolveUseCaseAsync(caller.Owner, draft.Value.UseCaseId);
        if (!useCase.Succeeded)
        {
            return Problems.From(useCase.Error);
        }
        if (!useCase.Value.IsSms)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest,
                $"Use case {useCase.Value.UseCaseId} is a {useCase.Value.Channel} use case: campaigns send sms.");
        }
        var id = "cmp_" + Guid.CreateVersion7().ToString("N");
        var created = await grains.GetGrain<ICampaignGrain>(id).CreateAsync(caller.Owner, draft.Value with { UseCaseId = useCase.Value.UseCaseId });
        return TypedResults.Created($"/v1/campaigns/{id}", CampaignJson.From(created));
    }

    private static async Task<Results<Ok<CampaignJson>, ProblemHttpResult>> GetAsync(string campaignId, ApiCaller caller, IGrainFactory grains) =>
        await grains.GetGrain<ICampaignGrain>(campaignId).GetAsync(caller.Owner) is { } view ? TypedResults.Ok(CampaignJson.From(view)) : NotFound(campaignId);

    private static async Task<Results<Ok<CampaignList>, ProblemHttpResult>> ListAsync(
        string? limit, string? cursor, ApiCaller caller, IGrainFactory grains, ICampaignStore store)
    {
        if (Paging.ReadLimit(limit, MaxLimit) is not { } size)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidLimit, $"'limit' must be a whole number from 1 to {MaxLimit}.");
        }
        if (cursor is not null && !cursor.StartsWith("cmp_", StringComparison.Ordinal))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, "'cursor' is not a cursor this list gave.");
        }
        var ids = await store.ListCampaignsAsync(caller.Owner, cursor, size + 1);
        var views = await Task.WhenAll(ids.Take(size).Select(id => grains.GetGrain<ICampaignGrain>(id).GetAsync(caller.Owner)));
        var next = ids.Count > size ? ids[size - 1] : null;
        return TypedResults.Ok(new CampaignList(views.Where(v => v is not null).Select(v => CampaignJson.From(v!)).ToList(), next));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string campaignId, ApiCaller caller, IGrainFactory grains) =>
        await grains.GetGrain<ICampaignGrain>(campaignId).DeleteAsync(caller.Owner) is { } error ? Problems.From(error) : TypedResults.NoContent();

    private static async Task<Results<Ok<RecipientsAdded>, ProblemHttpResult>> AddRecipientsAsync(
        string campaignId, JsonElement body, ApiCaller caller, IGrainFactory grains)
    {
        var list = CampaignBody.ReadRecipients(body);
        if (!list.Succeeded)
        {
            return Problems.From(list.Error);
        }
        var added = await RecipientPages.AddAsync(grains.GetGrain<ICampaignGrain>(campaignId), caller.Owner, list.Value);
        return added.Succeeded ? TypedResults.Ok(added.Value) : Problems.From(added.Error);
    }

    /// <summary>
    /// A CSV audience (docs/api.md: Campaigns): the campaign is checked before the file is taken; then the file is imported as
    /// <c>POST /v1/contacts/imports</c> does, each row's contact joining the campaign.
    /// </summary>
    private static async Task<Results<Accepted<ContactImportView>, ProblemHttpResult>> ImportRecipientsAsync(
        string campaignId, HttpRequest request, ApiCaller caller, IGrainFactory grains, ContactImportRunner runner,
        CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<ICampaignGrain>(campaignId).GetAsync(caller.Owner) is not { } campaign)
        {
            return NotFound(campaignId);
        }
        if (CampaignLifecycle.MayAddRecipients(campaign.Status) is { } refused)
        {
            return Problems.From(refused);
        }
        return await ContactImportsApi.AcceptAsync(request, caller, runner, campaignId, cancellationToken);
    }

    private static async Task<Results<Ok<RecipientList>, ProblemHttpResult>> ListRecipientsAsync(
        string campaignId, string? status, string? limit, string? cursor, ApiCaller caller, IGrainFactory grains)
    {
        if (Paging.ReadLimit(limit, MaxLimit) is not { } size)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidLimit, $"'limit' must be a whole number from 1 to {MaxLimit}.");
        }
        RecipientStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.GetValues<RecipientStatus>().Any(s => s.ToString().ToLowerInvariant() == status))
            {
                return Problems.BadRequest(SmsErrorCodes.InvalidRequest,
                    $"'status' must be one of {string.Join(", ", Enum.GetValues<RecipientStatus>().Select(s => s.ToString().ToLowerInvariant()))}.");
            }
            wanted = Enum.GetValues<RecipientStatus>().First(s => s.ToString().ToLowerInvariant() == status);
        }
        long after = 0;
        if (cursor is not null && !long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, "'cursor' is not a cursor this list gave.");
        }
        var page = await grains.GetGrain<ICampaignGrain>(campaignId).ListRecipientsAsync(caller.Owner, wanted, after, size);
        return page is null ? NotFound(campaignId) : TypedResults.Ok(new RecipientList(page.Recipients, page.NextCursor));
    }

    private static async Task<Results<Ok<CampaignJson>, ProblemHttpResult>> CommandAsync(
        string campaignId, CampaignCommand command, ApiCaller caller, IGrainFactory grains)
    {
        var done = await grains.GetGrain<ICampaignGrain>(campaignId).CommandAsync(caller.Owner, command);
        return done.Succeeded ? TypedResults.Ok(CampaignJson.From(done.Value)) : Problems.From(done.Error);
    }

    private static ProblemHttpResult NotFound(string campaignId) => Problems.From(new SmsError(SmsErrorCodes.NotFound, $"No campaign {campaignId}."));
}
