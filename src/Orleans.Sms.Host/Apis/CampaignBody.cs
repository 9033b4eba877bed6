using System.Globalization;
using System.Text.Json;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Templates;

namespace Orleans.Sms.Host.Apis;

/// <summary>
/// Reads the body of <c>POST /v1/campaigns</c> (docs/api.md: Campaigns) into a <see cref="CampaignDraft"/> whose use case is still to
/// be resolved, and the body of <c>POST /v1/campaigns/{id}/recipients</c>. Shapes only: what they refer to is checked after.
/// </summary>
public static class CampaignBody
{
    public const int MaxNameLength = 200, MaxIdLength = 64;
    public const double MaxPerSecondCap = 1000;

    private static readonly HashSet<string> Members =
        ["name", "use_case_id", "message", "workflow_id", "send_at", "quiet_hours", "max_per_second", "auto_pause"];

    public static SmsResult<CampaignDraft> Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The body must be a JSON object.");
        }
        foreach (var member in body.EnumerateObject())
        {
            if (!Members.Contains(member.Name))
            {
                return Invalid($"'{member.Name}' is not a member of a campaign.");
            }
        }
        if (String(body, "name", MaxNameLength, out var name) is not null || string.IsNullOrWhiteSpace(name))
        {
            return Invalid($"'name' must be 1 to {MaxNameLength} characters.");
        }
        if (String(body, "use_case_id", MaxIdLength, out var useCaseId) is { } badUseCase)
        {
            return SmsResult<CampaignDraft>.Fail(badUseCase);
        }
        if (String(body, "message", int.MaxValue, out var message) is not null
            || String(body, "workflow_id", MaxIdLength, out var workflowId) is not null)
        {
            return Invalid("'message' and 'workflow_id' must be strings.");
        }
        if ((message is null) == (workflowId is null))
        {
            return Invalid("Give exactly one of 'message' and 'workflow_id'.");
        }
        if (message is not null && CheckTemplate(message) is { } badTemplate)
        {
            return SmsResult<CampaignDraft>.Fail(badTemplate);
        }
        if (ReadSendAt(body, out var sendAt) is { } badSendAt)
        {
            return SmsResult<CampaignDraft>.Fail(badSendAt);
        }
        var quietHours = QuietHours.Parse(body.TryGetProperty("quiet_hours", out var quiet) ? quiet : null);
        if (!quietHours.Succeeded)
        {
            return SmsResult<CampaignDraft>.Fail(quietHours.Error);
        }
        if (ReadMaxPerSecond(body, out var maxPerSecond) is { } badRate)
        {
            return SmsResult<CampaignDraft>.Fail(badRate);
        }
        var autoPause = ReadAutoPause(body.TryGetProperty("auto_pause", out var pause) ? pause : default);
        return autoPause.Succeeded
            ? SmsResult<CampaignDraft>.Ok(new CampaignDraft(name!, useCaseId, message, workflowId, sendAt, quietHours.Value, maxPerSecond, autoPause.Value))
            : SmsResult<CampaignDraft>.Fail(autoPause.Error);
    }

    /// <summary><c>{"contact_ids":[...]}</c> or <c>{"phone_numbers":[...]}</c>: exactly one, strings, at most <see cref="CampaignAudience.MaxPerRequest"/>.</summary>
    internal static SmsResult<RecipientList> ReadRecipients(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return SmsResult<RecipientList>.Fail(SmsErrorCodes.InvalidRequest, "The body must be a JSON object.");
        }
        var ids = body.TryGetProperty("contact_ids", out var idList) && idList.ValueKind != JsonValueKind.Null ? idList : (JsonElement?)null;
        var phones = body.TryGetProperty("phone_numbers", out var phoneList) && phoneList.ValueKind != JsonValueKind.Null ? phoneList : (JsonElement?)null;
        if ((ids is null) == (phones is null))
        {
            return SmsResult<RecipientList>.Fail(SmsErrorCodes.InvalidRequest, "Give exactly one of 'contact_ids' and 'phone_numbers'.");
        }
        var list = (ids ?? phones)!.Value;
        var name = ids is null ? "phone_numbers" : "contact_ids";
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > CampaignAudience.MaxPerRequest
            || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || e.GetString()!.Length > MaxIdLength))
        {
            return SmsResult<RecipientList>.Fail(SmsErrorCodes.InvalidRequest,
                $"'{name}' must be a list of at most {CampaignAudience.MaxPerRequest} strings of at most {MaxIdLength} characters.");
        }
        var values = list.EnumerateArray().Select(e => e.GetString()!).ToList();
        return SmsResult<RecipientList>.Ok(ids is null ? new RecipientList(null, values) : new RecipientList(values, null));
    }

    private static SmsError? CheckTemplate(string message)
    {
        if (string.IsNullOrWhiteSpace(message) || message.Length > SmsLimits.MaxBodyLength)
        {
            return new SmsError(SmsErrorCodes.InvalidMessage, $"'message' must be 1 to {SmsLimits.MaxBodyLength} characters.");
        }
        return MessageTemplate.Parse(message).Error;
    }

    private static SmsError? ReadSendAt(JsonElement body, out DateTimeOffset? sendAt)
    {
        sendAt = null;
        if (!body.TryGetProperty("send_at", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            && value.GetString()!.Contains('T'))
        {
            sendAt = at.ToUniversalTime();
            return null;
        }
        return new SmsError(SmsErrorCodes.InvalidRequest, "'send_at' must be an ISO 8601 date and time, e.g. 2027-01-31T15:00:00Z.");
    }

    private static SmsError? ReadMaxPerSecond(JsonElement body, out double? rate)
    {
        rate = null;
        if (!body.TryGetProperty("max_per_second", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var x) && x > 0 && x <= MaxPerSecondCap)
        {
            rate = x;
            return null;
        }
        return new SmsError(SmsErrorCodes.InvalidRequest, $"'max_per_second' must be a number above 0 and at most {MaxPerSecondCap}, or null.");
    }

    private static SmsResult<AutoPauseSettings> ReadAutoPause(JsonElement value)
    {
        var settings = AutoPauseSettings.Default;
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return SmsResult<AutoPauseSettings>.Ok(settings);
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return SmsResult<AutoPauseSettings>.Fail(SmsErrorCodes.InvalidRequest, "'auto_pause' must be an object or null.");
        }
        foreach (var member in value.EnumerateObject())
        {
            var given = member.Value;
            var rate = given.ValueKind == JsonValueKind.Number && given.TryGetDouble(out var r) && r is >= 0 and <= 1 ? r : (double?)null;
            var window = given.ValueKind == JsonValueKind.Number && given.TryGetInt32(out var w) && w is >= 1 and <= AutoPauseWindow.MaxWindow ? w : (int?)null;
            AutoPauseSettings? next = member.Name switch
            {
                "opt_out_rate" when rate is { } x => settings with { OptOutRate = x },
                "failure_rate" when rate is { } x => settings with { FailureRate = x },
                "window" when window is { } n => settings with { Window = n },
                _ => null,
            };
            if (next is null)
            {
                return SmsResult<AutoPauseSettings>.Fail(SmsErrorCodes.InvalidRequest,
                    $"'auto_pause.{member.Name}' is not valid: rates are numbers from 0 to 1, 'window' a whole number from 1 to {AutoPauseWindow.MaxWindow}.");
            }
            settings = next;
        }
        return SmsResult<AutoPauseSettings>.Ok(settings);
    }

    /// <summary>Null when the member is absent, null or a string of at most <paramref name="max"/> characters (put in <paramref name="value"/>).</summary>
    private static SmsError? String(JsonElement body, string member, int max, out string? value)
    {
        value = null;
        if (!body.TryGetProperty(member, out var given) || given.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (given.ValueKind != JsonValueKind.String || given.GetString()!.Length > max)
        {
            return new SmsError(SmsErrorCodes.InvalidRequest, $"'{member}' must be a string of at most {max} characters.");
        }
        value = given.GetString();
        return null;
    }

    private static SmsResult<CampaignDraft> Invalid(string detail) => SmsResult<CampaignDraft>.Fail(SmsErrorCodes.InvalidRequest, detail);
}
