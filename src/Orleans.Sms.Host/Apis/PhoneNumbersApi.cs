using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Sms.Errors;
using Orleans.Sms.Host.Hosting;
using Orleans.Sms.Messaging;
using Orleans.Sms.Numbers;

namespace Orleans.Sms.Host.Apis;

/// <summary>Phone numbers (docs/api.md: Phone numbers, Campaigns): register, set compliance and the send rate, read with bindings.</summary>
public static class PhoneNumbersApi
{
    private static readonly string[] Capabilities = ["sms", "voice", "mms"];

    public static RouteGroupBuilder MapPhoneNumbersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/phone-numbers").RequireAuthorization().RequireRateLimiting(TenantRateLimiting.Policy).WithTags("Phone numbers");
        api.MapPost("/", RegisterAsync)
            .ProducesProblemCodes(
                SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.EnvironmentMismatch, SmsErrorCodes.NumberTaken,
                SmsErrorCodes.NumberAlreadyAssigned);
        api.MapGet("/{number}", GetAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.NotFound);
        api.MapPut("/{number}/compliance", SetComplianceAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.NotFound);
        api.MapPatch("/{number}", UpdateAsync)
            .ProducesProblemCodes(SmsErrorCodes.InvalidPhoneNumber, SmsErrorCodes.InvalidRequest, SmsErrorCodes.NotFound);
        return api;
    }

    public sealed record class NumberRequest(string? PhoneNumber, PhoneNumberType? Type, IReadOnlyList<string>? Capabilities, string? Environment);

    public sealed record class ComplianceRequest(ComplianceStatus? TollFreeVerification, string? A2pCampaignId, ComplianceStatus? A2pCampaignStatus);

    public sealed record class ComplianceView(ComplianceStatus? TollFreeVerification, string? A2pCampaignId, ComplianceStatus? A2pCampaignStatus);

    public sealed record class NumberView(
        string PhoneNumber, PhoneNumberType Type, IReadOnlyList<string> Capabilities, string Environment, ComplianceView Compliance,
        string? SmsUseCaseId, string? VoiceInbound, string? VoiceOutbound, string? Voicemail, double Mps)
    {
        public static NumberView Of(PhoneNumberInfo n) => new(
            n.PhoneNumber, n.Registration.Type, n.Registration.Capabilities, n.Registration.Environment,
            new ComplianceView(n.Registration.TollFreeVerification, n.Registration.A2pCampaignId, n.Registration.A2pCampaignStatus),
            n.SmsConfirmed ? n.SmsUseCaseId : null,
            n.VoiceBindings?.GetValueOrDefault("voice_inbound"), n.VoiceBindings?.GetValueOrDefault("voice_outbound"),
            n.VoiceBindings?.GetValueOrDefault("voicemail"), NumberRules.MpsOf(n));
    }

    private static async Task<Results<Created<NumberView>, Ok<NumberView>, ProblemHttpResult>> RegisterAsync(
        NumberRequest request, ApiCaller caller, IGrainFactory grains)
    {
        if (!E164.TryNormalize(request.PhoneNumber, out var number))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"'phone_number' is not a phone number: '{request.PhoneNumber}'.");
        }
        if (request.Type is not { } type)
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, "'type' is required: local, national, toll_free, short_code or mobile.");
        }
        var capabilities = request.Capabilities?.Distinct().ToList() ?? [];
        if (capabilities.Count == 0 || capabilities.Except(Capabilities).Any())
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, "'capabilities' must be a non-empty subset of sms, voice, mms.");
        }
        if (caller.EnvironmentMismatch(request.Environment) is { } mismatch)
        {
            return Problems.From(mismatch);
        }
        var grain = grains.GetGrain<IPhoneNumberGrain>(number);
        var existed = await grain.GetAsync() is not null;
        var registered = await grain.RegisterAsync(caller.Owner, new PhoneNumberRegistration(type, capabilities, caller.Environment));
        if (!registered.Succeeded)
        {
            return Problems.From(registered.Error);
        }
        var view = NumberView.Of(registered.Value);
        return existed ? TypedResults.Ok(view) : TypedResults.Created($"/v1/phone-numbers/{number}", view);
    }

    private static async Task<Results<Ok<NumberView>, ProblemHttpResult>> GetAsync(string number, ApiCaller caller, IGrainFactory grains)
    {
        if (!E164.TryNormalizeRoute(number, out var e164))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"Not a phone number: '{number}'.");
        }
        var info = await grains.GetGrain<IPhoneNumberGrain>(e164).DescribeAsync(caller.Owner);
        return info is not null ? TypedResults.Ok(NumberView.Of(info)) : Problems.NotFound($"No phone number {e164}.");
    }

    private static async Task<Results<Ok<NumberView>, ProblemHttpResult>> SetComplianceAsync(
        string number, ComplianceRequest request, ApiCaller caller, IGrainFactory grains)
    {
        if (!E164.TryNormalizeRoute(number, out var e164))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"Not a phone number: '{number}'.");
        }
        if (request.A2pCampaignId is { Length: > FieldLimits.ExternalId })
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest, $"'a2p_campaign_id' is at most {FieldLimits.ExternalId} characters.");
        }
        var updated = await grains.GetGrain<IPhoneNumberGrain>(e164).SetComplianceAsync(
            caller.Owner, new ComplianceUpdate(request.TollFreeVerification, request.A2pCampaignId, request.A2pCampaignStatus));
        return updated.Succeeded ? TypedResults.Ok(NumberView.Of(updated.Value)) : Problems.From(updated.Error);
    }

    /// <summary>
    /// PATCH of a number: its send rate only (docs/api.md: Campaigns), <c>{"mps": x}</c> or <c>{"mps": null}</c> for the type's default.
    /// The body is read as JSON rather than bound, to tell a missing <c>mps</c> (refused) from a null one (the default), and
    /// to refuse members a number cannot change here, as the contact PATCH does.
    /// </summary>
    private static async Task<Results<Ok<NumberView>, ProblemHttpResult>> UpdateAsync(
        string number, JsonElement body, ApiCaller caller, IGrainFactory grains)
    {
        if (!E164.TryNormalizeRoute(number, out var e164))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidPhoneNumber, $"Not a phone number: '{number}'.");
        }
        if (!TryReadMps(body, out var mps))
        {
            return Problems.BadRequest(SmsErrorCodes.InvalidRequest,
                $"The body must be {{\"mps\": x}} with a number 0 < x ≤ {NumberRules.MaxMps}, or {{\"mps\": null}} for the type's default.");
        }
        if (NumberRules.RefuseMps(mps) is { } invalid)
        {
            return Problems.From(invalid);
        }
        var updated = await grains.GetGrain<IPhoneNumberGrain>(e164).SetMpsAsync(caller.Owner, mps);
        return updated.Succeeded ? TypedResults.Ok(NumberView.Of(updated.Value)) : Problems.From(updated.Error);
    }

    /// <summary>True when the body is exactly <c>{"mps": number or null}</c>; <paramref name="mps"/> is its value.</summary>
    private static bool TryReadMps(JsonElement body, out double? mps)
    {
        mps = null;
        if (body.ValueKind != JsonValueKind.Object || body.EnumerateObject().Select(m => m.Name).ToList() is not ["mps"])
        {
            return false;
        }
        var value = body.GetProperty("mps");
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var rate) && double.IsFinite(rate))
        {
            mps = rate;
            return true;
        }
        return false;
    }
}
