using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Sms.Testing;

namespace Orleans.Sms.Twilio.Tests;

/// <summary>The fake itself over raw HTTP: what other test projects rely on.</summary>
public sealed class FakeTwilioServerTests
{
    [Fact]
    public async Task StartAsync_EachServerOnItsOwnLoopbackPortWithOwnCredentials()
    {
        await using var first = await FakeTwilioServer.StartAsync();
        await using var second = await FakeTwilioServer.StartAsync();

        Assert.StartsWith("http://127.0.0.1:", first.BaseUrl, StringComparison.Ordinal);
        Assert.NotEqual(first.BaseUrl, second.BaseUrl);
        Assert.NotEqual(first.AccountSid, second.AccountSid);
        Assert.Matches("^AC[0-9a-f]{32}$", first.AccountSid);
    }

    [Fact]
    public async Task Request_WrongCredentials_401WithTwilioErrorBodyAndRecorded()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, "wrong");

        using var response = await http.PostAsync(MessagesPath(twilio), Form(("To", "+15550100002"), ("From", "+15550100001"), ("Body", "hi")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20003, error.GetProperty("code").GetInt32());
        Assert.Equal(401, error.GetProperty("status").GetInt32());
        Assert.Equal("https://www.twilio.com/docs/errors/20003", error.GetProperty("more_info").GetString());
        Assert.Equal("hi", Assert.Single(twilio.RequestsTo(FakeTwilioRoute.CreateMessage)).Form["Body"]);
        Assert.Empty(twilio.Messages);
    }

    [Fact]
    public async Task InjectFault_AppliesToTheNextNRequestsOfItsRouteOnly()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);
        twilio.InjectFault(FakeTwilioRoute.CreateMessage, TwilioFault.TooManyRequests(TimeSpan.FromSeconds(2)), times: 2);

        var statuses = new List<HttpStatusCode>();
        using (var lookup = await http.GetAsync($"/2010-04-01/Accounts/{twilio.AccountSid}/IncomingPhoneNumbers.json?PhoneNumber=%2B15550100001"))
        {
            statuses.Add(lookup.StatusCode);
        }
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync(MessagesPath(twilio), Form(("To", "+15550100002"), ("From", "+15550100001"), ("Body", "hi")));
            statuses.Add(response.StatusCode);
            if (i == 0)
            {
                Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.Created], statuses);
        Assert.Single(twilio.Messages);
    }

    [Fact]
    public async Task CreateMessage_AnswersTwilioShapedResource()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);

        using var response = await http.PostAsync(MessagesPath(twilio), Form(("To", "+15550100002"), ("From", "+15550100001"), ("Body", "hi")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var message = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Assert.Single(twilio.Messages).Sid, message.GetProperty("sid").GetString());
        Assert.Equal("queued", message.GetProperty("status").GetString());
        Assert.Equal(twilio.AccountSid, message.GetProperty("account_sid").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("error_code").ValueKind);
    }

    [Fact]
    public async Task SendsStatusCallbacks_PostsSentThenDeliveredSignedAsTwilioSigns()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        twilio.SendsStatusCallbacks = true;
        await using var receiver = await CallbackReceiver.StartAsync(twilio.AuthToken, expected: 2);
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);

        using var response = await http.PostAsync(MessagesPath(twilio), Form(
            ("To", "+15550100002"), ("From", "+15550100001"), ("Body", "hi"), ("StatusCallback", receiver.Url + "?mid=msg_1")));
        var posts = await receiver.All.WaitAsync(TimeSpan.FromSeconds(30));

        var sid = Assert.Single(twilio.Messages).Sid;
        Assert.Equal([("sent", sid, true), ("delivered", sid, true)], posts);
        // The fake counts a post once it has the receiver's answer, which may come after the receiver recorded it.
        await Eventually.TrueAsync(() => twilio.StatusCallbacksPending == 0, "the fake to have the answers");
        Assert.Equal((2, 0), (twilio.StatusCallbacksPosted, twilio.StatusCallbacksFailed));
    }

    [Fact]
    public async Task SendsStatusCallbacks_Off_PostsNothing()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var receiver = await CallbackReceiver.StartAsync(twilio.AuthToken, expected: 1);
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);

        using var response = await http.PostAsync(MessagesPath(twilio), Form(
            ("To", "+15550100002"), ("From", "+15550100001"), ("Body", "hi"), ("StatusCallback", receiver.Url)));
        // Barrier: a later message with callbacks on reaches the receiver; the first one's never came before it.
        twilio.SendsStatusCallbacks = true;
        using var second = await http.PostAsync(MessagesPath(twilio), Form(
            ("To", "+15550100003"), ("From", "+15550100001"), ("Body", "hi"), ("StatusCallback", receiver.Url)));
        var posts = await receiver.All.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(twilio.Messages[1].Sid, Assert.Single(posts).Sid);
    }

    [Fact]
    public async Task UnknownRoute_404WithTwilioErrorBody()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);

        using var response = await http.GetAsync("/v2/Nothing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(20404, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
        Assert.Null(Assert.Single(twilio.Requests).Route);
    }

    private static string MessagesPath(FakeTwilioServer twilio) => $"/2010-04-01/Accounts/{twilio.AccountSid}/Messages.json";

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    private static HttpClient Client(FakeTwilioServer twilio, string user, string password)
    {
        var http = new HttpClient { BaseAddress = new Uri(twilio.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }
}
