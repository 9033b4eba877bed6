using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>
/// <c>GET /2010-04-01/Accounts/{AC}/Messages.json</c>: the account's messages, newest first, in Twilio's list shape
/// (<c>messages</c> and the paging fields). Filters as Twilio's: <c>To</c>, <c>From</c>, and the send date with
/// <c>DateSent</c> (that day), <c>DateSent&gt;</c> / <c>DateSent&gt;=</c> and <c>DateSent&lt;</c> / <c>DateSent&lt;=</c>
/// (the SDK's <c>DateSentAfter</c> / <c>DateSentBefore</c>). The fake "sends" a message when it takes it.
/// </summary>
internal static class FakeMessageList
{
    public static IResult List(HttpRequest request, FakeTwilioState state)
    {
        string? Query(string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;
        var after = Date(Query("DateSent>") ?? Query("DateSent>="));
        var before = Date(Query("DateSent<") ?? Query("DateSent<="));
        var on = Date(Query("DateSent"));
        var pageSize = int.TryParse(Query("PageSize"), CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 1000) : 50;
        var records = state.Messages
            .Where(m => Query("To") is not { } to || m.To == to)
            .Where(m => Query("From") is not { } from || m.From == from)
            .Where(m => after is null || m.CreatedAt >= after)
            .Where(m => before is null || m.CreatedAt <= before)
            .Where(m => on is null || m.CreatedAt.UtcDateTime.Date == on.Value.UtcDateTime.Date)
            .OrderByDescending(m => m.CreatedAt)
            .Take(pageSize)
            .Select(m => Resource(state, m, sent: true))
            .ToList();
        var uri = (request.Path + request.QueryString).ToString();
        return TwilioJson.Json(new
        {
            Messages = records,
            Uri = uri,
            FirstPageUri = uri,
            NextPageUri = (string?)null,
            PreviousPageUri = (string?)null,
            Page = 0,
            PageSize = pageSize,
            Start = 0,
            End = Math.Max(records.Count - 1, 0),
        });
    }

    /// <summary>A message resource as Twilio shows it; <paramref name="sent"/>: as listed later (status <c>sent</c>, with a send date).</summary>
    public static object Resource(FakeTwilioState state, FakeTwilioMessage message, bool sent)
    {
        var created = TwilioJson.Rfc2822(message.CreatedAt);
        var uri = $"/2010-04-01/Accounts/{state.AccountSid}/Messages/{message.Sid}";
        return new
        {
            message.Sid,
            AccountSid = state.AccountSid,
            ApiVersion = "2010-04-01",
            message.Body,
            DateCreated = created,
            DateUpdated = created,
            DateSent = sent ? created : null,
            Direction = "outbound-api",
            ErrorCode = (int?)null,
            ErrorMessage = (string?)null,
            message.From,
            message.To,
            message.MessagingServiceSid,
            NumMedia = "0",
            NumSegments = "1",
            Price = (string?)null,
            PriceUnit = "USD",
            // Through a messaging service without a sender, Twilio picks the number later: "accepted".
            Status = sent ? "sent" : message.From is null ? "accepted" : "queued",
            SubresourceUris = new Dictionary<string, string> { ["media"] = uri + "/Media.json" },
            Uri = uri + ".json",
        };
    }

    private static DateTimeOffset? Date(string? value) =>
        value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
