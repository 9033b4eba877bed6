using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Agents.Tests;

public sealed class WebhookAgentTests
{
    private const string OpeningJson = """{"message_id":"msg_1","session_id":"ses_1","direction":"outbound","role":"agent","source":"api","body":"Hi Ana, time for your check-up! Reply to book.","timestamp":"2026-03-01T10:00:00+00:00","segments":1,"encoding":"GSM-7","provider_message_sid":"SM0001","delivery_status":"delivered","error_code":null,"media":[]}""";
    private const string AnswerJson = """{"message_id":"msg_2","session_id":"ses_1","direction":"inbound","role":"user","source":"inbound","body":"Yes please, Tuesday","timestamp":"2026-03-01T10:03:00+00:00","segments":1,"encoding":"GSM-7","provider_message_sid":"SM0002","delivery_status":"received","error_code":null,"media":[]}""";

    private static AgentSpec Spec(TestAgentServer server, string? secret = null) => new(WebhookAgent.Type, server.Url, secret ?? server.Secret);

    [Fact]
    public async Task WebhookAgent_SendsContractBodySignedOverRawBytes()
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json("""{"reply":null}"""));
        await using var services = WebhookAgentHost.Build();

        await services.Agent(WebhookAgent.Type).RespondAsync(AgentTurns.Messages(Spec(server)), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.True(request.SignatureValid);
        Assert.StartsWith("sha256=", request.Signature);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(
            $$$"""{"event":"messages","conversation_id":"conv_1","session_id":"ses_1","channel_type":"sms","use_case_id":"uc_1","agent_number":"+15550001111","customer_number":"+15552223333","context":{"patient":{"name":"Ana Silva","last_visit":"2025-09-14"}},"messages":[{{{AnswerJson}}}],"transcript":[{{{OpeningJson}}},{{{AnswerJson}}}],"contact":null}""",
            request.BodyText);
    }

    [Fact]
    public async Task WebhookAgent_NoContext_SendsEmptyContextObject()
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json("{}"));
        await using var services = WebhookAgentHost.Build();

        await services.Agent(WebhookAgent.Type).RespondAsync(AgentTurns.Messages(Spec(server), contextJson: null), CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        Assert.Equal("{}", body.RootElement.GetProperty("context").GetRawText());
    }

    [Fact]
    public async Task WebhookAgent_Answer_ParsesReplyStatusEndSessionAndContext()
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json(
            """{"reply":"Booked for Tuesday 9:00.","status":"qualified","end_session":true,"context":{"slot":"tue-0900","tries":2}}"""));
        await using var services = WebhookAgentHost.Build();

        var reply = await services.Agent(WebhookAgent.Type).RespondAsync(AgentTurns.Messages(Spec(server)), CancellationToken.None);

        Assert.Equal(new AgentReply("Booked for Tuesday 9:00.", ConversationStatus.Qualified, true, """{"slot":"tue-0900","tries":2}"""), reply);
    }

    [Fact]
    public async Task WebhookAgent_NullMembers_AreNoReplyNoStatusNoContext()
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json(
            """{"reply":null,"status":null,"end_session":false,"context":null}"""));
        await using var services = WebhookAgentHost.Build();

        var reply = await services.Agent(WebhookAgent.Type).RespondAsync(AgentTurns.Messages(Spec(server)), CancellationToken.None);

        Assert.Equal(new AgentReply(null), reply);
    }

    [Fact]
    public async Task WebhookAgent_NoContent_IsNoReply()
    {
        await using var server = await TestAgentServer.StartAsync((_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        await using var services = WebhookAgentHost.Build();

        var reply = await services.Agent(WebhookAgent.Type).RespondAsync(AgentTurns.Messages(Spec(server)), CancellationToken.None);

        Assert.Equal(new AgentReply(null), reply);
    }

    [Fact]
    public async Task WebhookAgent_WrongSecret_RejectedThenFailsAfterBoundedAttempts()
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json("""{"reply":"never"}"""));
        await using var services = WebhookAgentHost.Build();

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() => services.Agent(WebhookAgent.Type)
            .RespondAsync(AgentTurns.Messages(Spec(server, secret: "not-the-secret")), CancellationToken.None));

        Assert.Equal("the agent answered HTTP 401 (after 3 attempts)", failure.Reason);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.False(r.SignatureValid));
        Assert.DoesNotContain("not-the-secret", failure.ToString());
    }

    [Fact]
    public async Task WebhookAgent_TwoServerErrorsThenOk_SucceedsOnThirdAttempt()
    {
        await using var server = await TestAgentServer.StartAsync((request, context) => request.Number <= 2
            ? TestAgentServer.WriteJsonAsync(context, """{"error":"busy"}""", StatusCodes.Status500InternalServerError)
            : TestAgentServer.WriteJsonAsync(context, """{"reply":"Third time lucky"}"""));
        await using var services = WebhookAgentHost.Build();

        var reply = await services.Agent(WebhookAgent.Type).RespondAsync(AgentTurns.Messages(Spec(server)), CancellationToken.None);

        Assert.Equal("Third time lucky", reply.Reply);
        var requests = server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.Single(requests.Select(r => r.BodyText).Distinct());
        var delivery = Assert.Single(requests.Select(r => r.DeliveryId).Distinct());
        Assert.False(string.IsNullOrEmpty(delivery));
    }

    [Fact]
    public async Task WebhookAgent_AlwaysServerError_ThrowsAfterMaxAttempts()
    {
        await using var server = await TestAgentServer.StartAsync((_, context) =>
            TestAgentServer.WriteJsonAsync(context, "{}", StatusCodes.Status500InternalServerError));
        await using var services = WebhookAgentHost.Build(maxAttempts: "4");

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() => services.Agent(WebhookAgent.Type)
            .RespondAsync(AgentTurns.Messages(Spec(server)), CancellationToken.None));

        Assert.Equal("the agent answered HTTP 500 (after 4 attempts)", failure.Reason);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task WebhookAgent_SlowerThanAttemptTimeout_RetriedThenFails()
    {
        await using var server = await TestAgentServer.StartAsync((_, context) => TestAgentServer.HangAsync(context));
        // Two seconds per attempt: long enough for a loaded machine to deliver each request to the server before its
        // attempt gives up (with 300 ms a CI run under load timed an attempt out before the server saw it).
        await using var services = WebhookAgentHost.Build(attemptTimeout: "00:00:02", maxAttempts: "2");

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() => services.Agent(WebhookAgent.Type)
            .RespondAsync(AgentTurns.Messages(Spec(server)), CancellationToken.None));

        Assert.Equal("the agent timed out (after 2 attempts)", failure.Reason);
        await server.WaitForRequestsAsync(2);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("""{"reply": "unterminated""")]
    [InlineData("""["reply"]""")]
    [InlineData("""{"reply": 42}""")]
    [InlineData("""{"reply": "ok", "status": "done"}""")]
    [InlineData("""{"reply": "ok", "context": "not an object"}""")]
    [InlineData("""{"reply": "ok", "end_session": "yes"}""")]
    [InlineData("")]
    public async Task WebhookAgent_MalformedOkBody_FailsWithoutRetry(string body)
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json(body));
        await using var services = WebhookAgentHost.Build();

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() => services.Agent(WebhookAgent.Type)
            .RespondAsync(AgentTurns.Messages(Spec(server)), CancellationToken.None));

        Assert.StartsWith("webhook answered", failure.Reason);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task WebhookAgent_SpecWithoutSecret_FailsWithoutCalling()
    {
        await using var server = await TestAgentServer.StartAsync(TestAgentServer.Json("{}"));
        await using var services = WebhookAgentHost.Build();

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() => services.Agent(WebhookAgent.Type)
            .RespondAsync(AgentTurns.Messages(new AgentSpec(WebhookAgent.Type, server.Url)), CancellationToken.None));

        Assert.Equal("the webhook agent has no secret to sign with", failure.Reason);
        Assert.Empty(server.Requests);
    }
}
