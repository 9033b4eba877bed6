using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>The 2010-04-01 API: sending messages and reading the account's incoming numbers.</summary>
internal static class FakeMessagesApi
{
    public static void MapFakeMessagesApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/2010-04-01/Accounts/{accountSid}");
        account.MapPost("/Messages.json", CreateMessageAsync).WithMetadata(new FakeTwilioRouteTag(FakeTwilioRoute.CreateMessage));
        account.MapGet("/Messages.json", FakeMessageList.List).WithMetadata(new FakeTwilioRouteTag(FakeTwilioRoute.ListMessages));
        account.MapGet("/IncomingPhoneNumbers.json", ListIncomingNumbers).WithMetadata(new FakeTwilioRouteTag(FakeTwilioRoute.ListIncomingNumbers));
    }

    private static async Task<IResult> CreateMessageAsync(HttpRequest request, FakeTwilioState state)
    {
        var form = await request.ReadFormAsync();
        string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;

        var to = Field("To");
        var from = Field("From");
        var serviceSid = Field("MessagingServiceSid");
        var body = Field("Body");
        if (to is null)
        {
            return TwilioJson.Error(400, 21604, "A 'To' phone number is required.");
        }
        if (!E164.IsValid(to))
        {
            return TwilioJson.Error(400, 21211, $"The 'To' number {to} is not a valid phone number.");
        }
        if (from is null && serviceSid is null)
        {
            return TwilioJson.Error(400, 21603, "A 'From' phone number is required.");
        }
        if (body is null)
        {
            return TwilioJson.Error(400, 21602, "Message body is required.");
        }
        if (state.Refusals.TryGetValue(to, out var refusal))
        {
            return TwilioJson.Error(refusal.Status, refusal.Code, refusal.Message);
        }

        var message = state.AddMessage(to, from, serviceSid, body, Field("StatusCallback"));
        state.Callbacks?.Enqueue(message);
        return TwilioJson.Json(FakeMessageList.Resource(state, message, sent: false), StatusCodes.Status201Created);
    }

    private static IResult ListIncomingNumbers(HttpRequest request, FakeTwilioState state)
    {
        var phoneNumber = request.Query["PhoneNumber"].ToString() is { Length: > 0 } value ? value : null;
        var records = state.FindNumbers(phoneNumber).Select(n => new
        {
            n.Sid,
            AccountSid = state.AccountSid,
            n.PhoneNumber,
            FriendlyName = n.PhoneNumber,
            ApiVersion = "2010-04-01",
            Capabilities = new { Voice = true, Sms = true, Mms = true, Fax = false },
            Status = "in-use",
            Origin = "twilio",
            Beta = false,
            SmsMethod = "POST",
            VoiceMethod = "POST",
            Uri = $"/2010-04-01/Accounts/{state.AccountSid}/IncomingPhoneNumbers/{n.Sid}.json",
        }).ToList();
        var uri = request.Path + request.QueryString;
        return TwilioJson.Json(new
        {
            IncomingPhoneNumbers = records,
            Uri = uri.ToString(),
            FirstPageUri = uri.ToString(),
            NextPageUri = (string?)null,
            PreviousPageUri = (string?)null,
            Page = 0,
            PageSize = 50,
            Start = 0,
            End = Math.Max(records.Count - 1, 0),
        });
    }
}
