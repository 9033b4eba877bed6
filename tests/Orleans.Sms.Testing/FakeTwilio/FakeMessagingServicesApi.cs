using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>The Messaging v1 API: messaging services and the numbers in their pools.</summary>
internal static class FakeMessagingServicesApi
{
    public static void MapFakeMessagingServicesApi(this IEndpointRouteBuilder app)
    {
        var services = app.MapGroup("/v1/Services");
        services.MapPost("", CreateAsync).WithMetadata(new FakeTwilioRouteTag(FakeTwilioRoute.CreateService));
        services.MapGet("/{serviceSid}", Fetch).WithMetadata(new FakeTwilioRouteTag(FakeTwilioRoute.FetchService));
        services.MapDelete("/{serviceSid}", Delete).WithMetadata(new FakeTwilioRouteTag(FakeTwilioRoute.DeleteService));
        services.MapPost("/{serviceSid}/PhoneNumbers", AddNumberAsync).WithMetadata(new FakeTwilioRouteTag(FakeTwilioRoute.AddServiceNumber));
        services.MapGet("/{serviceSid}/PhoneNumbers", ListNumbers).WithMetadata(new FakeTwilioRouteTag(FakeTwilioRoute.ListServiceNumbers));
        services.MapDelete("/{serviceSid}/PhoneNumbers/{numberSid}", RemoveNumber)
            .WithMetadata(new FakeTwilioRouteTag(FakeTwilioRoute.RemoveServiceNumber));
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, FakeTwilioState state)
    {
        var form = await request.ReadFormAsync();
        string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;
        if (Field("FriendlyName") is not { } friendlyName)
        {
            return TwilioJson.Error(400, 20001, "Missing required parameter FriendlyName in the post body");
        }
        var service = state.AddService(
            friendlyName,
            Field("InboundRequestUrl"),
            Field("InboundMethod") ?? "POST",
            Field("StatusCallback"),
            string.Equals(Field("UseInboundWebhookOnNumber"), "true", StringComparison.OrdinalIgnoreCase));
        return TwilioJson.Json(ServiceJson(request, state, service), StatusCodes.Status201Created);
    }

    private static IResult Fetch(string serviceSid, HttpRequest request, FakeTwilioState state) =>
        state.Service(serviceSid) is { } service ? TwilioJson.Json(ServiceJson(request, state, service)) : TwilioJson.NotFound(request);

    private static IResult Delete(string serviceSid, HttpRequest request, FakeTwilioState state) =>
        state.DeleteService(serviceSid) ? Results.NoContent() : TwilioJson.NotFound(request);

    private static async Task<IResult> AddNumberAsync(string serviceSid, HttpRequest request, FakeTwilioState state)
    {
        var form = await request.ReadFormAsync();
        if (state.Service(serviceSid) is null)
        {
            return TwilioJson.NotFound(request);
        }
        if (form["PhoneNumberSid"].ToString() is not { Length: > 0 } numberSid)
        {
            return TwilioJson.Error(400, 20001, "Missing required parameter PhoneNumberSid in the post body");
        }
        if (state.AddNumberToService(serviceSid, numberSid) is { } error)
        {
            return TwilioJson.Error(error.Status, error.Code, error.Message);
        }
        return TwilioJson.Json(NumberJson(request, state, serviceSid, numberSid, state.PhoneNumberOf(numberSid)!), StatusCodes.Status201Created);
    }

    private static IResult ListNumbers(string serviceSid, HttpRequest request, FakeTwilioState state)
    {
        if (state.Service(serviceSid) is null)
        {
            return TwilioJson.NotFound(request);
        }
        var url = TwilioJson.Origin(request) + request.Path + "?PageSize=50&Page=0";
        return TwilioJson.Json(new
        {
            PhoneNumbers = state.ServiceNumbers(serviceSid).Select(n => NumberJson(request, state, serviceSid, n.Sid, n.PhoneNumber)).ToList(),
            Meta = new
            {
                Page = 0,
                PageSize = 50,
                FirstPageUrl = url,
                PreviousPageUrl = (string?)null,
                Url = url,
                NextPageUrl = (string?)null,
                Key = "phone_numbers",
            },
        });
    }

    private static IResult RemoveNumber(string serviceSid, string numberSid, HttpRequest request, FakeTwilioState state) =>
        state.RemoveNumberFromService(serviceSid, numberSid) ? Results.NoContent() : TwilioJson.NotFound(request);

    private static object ServiceJson(HttpRequest request, FakeTwilioState state, FakeMessagingService service)
    {
        var url = $"{TwilioJson.Origin(request)}/v1/Services/{service.Sid}";
        var created = TwilioJson.Iso8601(service.CreatedAt);
        return new
        {
            service.Sid,
            AccountSid = state.AccountSid,
            service.FriendlyName,
            DateCreated = created,
            DateUpdated = created,
            service.InboundRequestUrl,
            service.InboundMethod,
            FallbackUrl = (string?)null,
            FallbackMethod = "POST",
            service.StatusCallback,
            StickySender = true,
            MmsConverter = true,
            SmartEncoding = true,
            ScanMessageContent = "inherit",
            FallbackToLongCode = true,
            AreaCodeGeomatch = true,
            SynchronousValidation = true,
            ValidityPeriod = 36000,
            Usecase = "undeclared",
            UsAppToPersonRegistered = false,
            service.UseInboundWebhookOnNumber,
            Url = url,
            Links = new Dictionary<string, string> { ["phone_numbers"] = url + "/PhoneNumbers" },
        };
    }

    private static object NumberJson(HttpRequest request, FakeTwilioState state, string serviceSid, string numberSid, string phoneNumber)
    {
        var created = TwilioJson.Iso8601(state.Clock.GetUtcNow());
        return new
        {
            Sid = numberSid,
            AccountSid = state.AccountSid,
            ServiceSid = serviceSid,
            DateCreated = created,
            DateUpdated = created,
            PhoneNumber = phoneNumber,
            CountryCode = "US",
            Capabilities = new[] { "SMS", "MMS", "Voice" },
            Url = $"{TwilioJson.Origin(request)}/v1/Services/{serviceSid}/PhoneNumbers/{numberSid}",
        };
    }
}
