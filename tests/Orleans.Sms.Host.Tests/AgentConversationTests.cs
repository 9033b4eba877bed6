using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orleans.Sms.Testing.Agents;
using static Orleans.Sms.Testing.Agents.ScriptedChatClient;

namespace Orleans.Sms.Host.Tests;

/// <summary>Agents holding conversations over the real webhook path, replies out through the Twilio SDK to the fake (README.md: Agents).</summary>
public abstract class AgentConversationTests(TwilioHostFactory factory)
{
    [Collection(TwilioHostCollection.Name)]
    public sealed class OnMemory(TwilioHostFactory factory) : AgentConversationTests(factory);

    [Collection(AzureStorageTwilioHostCollection.Name)]
    public sealed class OnAzureStorage(AzureStorageTwilioHostFactory factory) : AgentConversationTests(factory);

    private static JsonElement Json(ReceivedAgentRequest request) => JsonDocument.Parse(request.Body).RootElement;

    [Fact]
    public async Task WebhookAgent_HoldsAMultiTurnConversationWithSignedRequestsAndKeptContext()
    {
        await using var agent = await TestAgentServer.StartAsync(async (request, context) =>
        {
            var body = Json(request);
            var text = body.GetProperty("messages")[0].GetProperty("body").GetString();
            var answer = request.Number == 1
                ? new { reply = $"Got it: {text}. Which day suits you?", status = (string?)null, end_session = false, context = new { step = 1 } }
                : new { reply = $"Booked for {text}. See you!", status = (string?)"qualified", end_session = true, context = new { step = 2 } };
            await TestAgentServer.WriteJsonAsync(context, JsonSerializer.Serialize(answer));
        }, secret: "agent-secret");
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "webhook", url = agent.Url, secret = "agent-secret" });
        var customer = TestTenant.NewNumber("404");

        await scenario.TextAsync(customer, "I need a cleaning");
        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count == 1));
        await scenario.TextAsync(customer, "Tuesday");
        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count == 2));

        Assert.Equal(["Got it: I need a cleaning. Which day suits you?", "Booked for Tuesday. See you!"], scenario.SentTo(customer).Select(m => m.Body));
        Assert.All(agent.Requests, r => Assert.True(r.SignatureValid));
        var (first, second) = (Json(agent.Requests[0]), Json(agent.Requests[1]));
        Assert.Equal(("session_started", "messages", "sms"), (first.GetProperty("event").GetString(), second.GetProperty("event").GetString(), first.GetProperty("channel_type").GetString()));
        Assert.Equal(1, second.GetProperty("context").GetProperty("step").GetInt32());
        Assert.Equal(3, second.GetProperty("transcript").GetArrayLength()); // in, agent reply, in
        var conversation = await scenario.ConversationAsync(customer);
        Assert.Equal(("qualified", "closed"), (conversation.GetProperty("status").GetString(), conversation.GetProperty("session").GetProperty("end_reason").GetString()));
    }

    [Fact]
    public async Task SlowAgent_NeverHoldsTheAckAndAMessageDuringTheTurnIsAnsweredNextInOrder()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var agent = await TestAgentServer.StartAsync(async (request, context) =>
        {
            if (request.Number == 1)
            {
                await release.Task;
            }
            var batch = Json(request).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString());
            await TestAgentServer.WriteJsonAsync(context, JsonSerializer.Serialize(new { reply = "re: " + string.Join(" + ", batch) }));
        });
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "webhook", url = agent.Url, secret = agent.Secret });
        var customer = TestTenant.NewNumber("404");

        Assert.Equal(HttpStatusCode.OK, (await scenario.TextAsync(customer, "first")).StatusCode);
        await agent.WaitForRequestsAsync(1); // the agent is now thinking, and stays so until released
        var second = await scenario.TextAsync(customer, "second");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode); // acknowledged while the agent still holds the first turn
        Assert.Empty(scenario.SentTo(customer));
        release.SetResult();

        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count == 2));
        Assert.Equal(["re: first", "re: second"], scenario.SentTo(customer).Select(m => m.Body));
        Assert.Equal(2, agent.Requests.Count);
    }

    [Fact]
    public async Task FailingAgent_SetsFollowUpKeepsTheMessagesAndTheNextMessageRetries()
    {
        var healthy = false;
        await using var agent = await TestAgentServer.StartAsync(async (request, context) =>
        {
            if (!Volatile.Read(ref healthy))
            {
                await TestAgentServer.WriteJsonAsync(context, "{}", status: 503);
                return;
            }
            var batch = Json(request).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString());
            await TestAgentServer.WriteJsonAsync(context, JsonSerializer.Serialize(new { reply = "sorry for the wait: " + string.Join(" / ", batch), status = "in_progress" }));
        });
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "webhook", url = agent.Url, secret = agent.Secret });
        var customer = TestTenant.NewNumber("404");

        await scenario.TextAsync(customer, "hello?");
        await agent.WaitForRequestsAsync(2); // two attempts (Sms:Agent:Webhook:MaxAttempts=2)
        await DemoFlowTests.Eventually(async () => (await scenario.ConversationAsync(customer)).GetProperty("status").GetString() == "follow_up");
        var failed = await scenario.ConversationAsync(customer);
        Assert.Contains("503", failed.GetProperty("last_agent_failure").GetProperty("reason").GetString());
        Assert.Equal("hello?", failed.GetProperty("messages")[0].GetProperty("body").GetString());

        Volatile.Write(ref healthy, true);
        await scenario.TextAsync(customer, "anyone?");

        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count == 1));
        Assert.Equal("sorry for the wait: hello? / anyone?", scenario.SentTo(customer)[0].Body);
        var recovered = await scenario.ConversationAsync(customer);
        Assert.Equal(JsonValueKind.Null, recovered.GetProperty("last_agent_failure").ValueKind);
        Assert.Equal("in_progress", recovered.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ChatAgent_AppliesToolCallsAndReplies()
    {
        var chat = new ScriptedChatClient(
            _ => ToolCalls(Call("c1", "set_conversation_status", ("status", "qualified"))),
            _ => Text("Great, you qualify for the free consultation!"));
        factory.Chat.Inner = chat;
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "chat" });
        var customer = TestTenant.NewNumber("404");

        await scenario.TextAsync(customer, "I have a 2019 roof and 3 bedrooms");

        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count == 1));
        Assert.Equal("Great, you qualify for the free consultation!", scenario.SentTo(customer)[0].Body);
        Assert.Equal("qualified", (await scenario.ConversationAsync(customer)).GetProperty("status").GetString());
        Assert.Contains(chat.Calls[0].Messages, m => m.Role == ChatRole.User && m.Text == "I have a 2019 roof and 3 bedrooms");
    }

    [Fact]
    public async Task OutboundWithoutMessage_TheAgentWritesTheOpeningFromTheContext()
    {
        await using var agent = await TestAgentServer.StartAsync(async (request, context) =>
        {
            var body = Json(request);
            var name = body.GetProperty("context").GetProperty("patient").GetString();
            await TestAgentServer.WriteJsonAsync(context, JsonSerializer.Serialize(new { reply = $"Hi {name}, you are due for a check-up. Reply YES to book." }));
        });
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "webhook", url = agent.Url, secret = agent.Secret });
        var customer = TestTenant.NewNumber("404");

        var response = await scenario.Api.PostAsJsonAsync("/v1/outbound-sms",
            new { to = customer, use_case_id = scenario.UseCaseId, context = new { patient = "Ana" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Hi Ana, you are due for a check-up. Reply YES to book.", Assert.Single(scenario.SentTo(customer)).Body);
        var opening = Json(agent.Requests[0]);
        Assert.Equal(("session_started", 0), (opening.GetProperty("event").GetString(), opening.GetProperty("messages").GetArrayLength()));
        var message = (await scenario.ConversationAsync(customer)).GetProperty("messages")[0];
        Assert.Equal(("agent", "sms_agent"), (message.GetProperty("role").GetString(), message.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task OutboundWithoutMessage_AnInboundMessageWhileTheAgentWritesTheOpeningIsAcknowledgedAtOnce()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var agent = await TestAgentServer.StartAsync(async (request, context) =>
        {
            var body = Json(request);
            if (body.GetProperty("event").GetString() == "session_started" && body.GetProperty("messages").GetArrayLength() == 0)
            {
                await release.Task; // the opening: held until the inbound message has been acknowledged
                await TestAgentServer.WriteJsonAsync(context, JsonSerializer.Serialize(new { reply = "Hi, your order shipped." }));
                return;
            }
            await TestAgentServer.WriteJsonAsync(context, JsonSerializer.Serialize(new { reply = "re: inbound" }));
        });
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "webhook", url = agent.Url, secret = agent.Secret });
        var customer = TestTenant.NewNumber("404");

        var opening = scenario.Api.PostAsJsonAsync("/v1/outbound-sms", new { to = customer, use_case_id = scenario.UseCaseId });
        await agent.WaitForRequestsAsync(1); // the agent is writing the opening, and stays so until released
        var inbound = await scenario.TextAsync(customer, "where is my order?");

        Assert.Equal(HttpStatusCode.OK, inbound.StatusCode); // the conversation took it while the agent still held the opening
        Assert.False(opening.IsCompleted);
        release.SetResult();
        var response = await opening;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sent = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = (await scenario.ConversationAsync(customer)).GetProperty("messages").EnumerateArray()
            .Single(m => m.GetProperty("message_id").GetString() == sent.GetProperty("message_id").GetString());
        Assert.Equal(("Hi, your order shipped.", "sms_agent"), (message.GetProperty("body").GetString(), message.GetProperty("source").GetString()));
        // The reply to the inbound message may have taken the number's send slot first: the opening may wait its turn.
        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Any(m => m.Body == "Hi, your order shipped.")));
    }
}

/// <summary>Batching with a real window: messages inside it reach the agent as one batch.</summary>
public sealed class AgentBatchingTests(BatchingTwilioHostFactory factory) : IClassFixture<BatchingTwilioHostFactory>
{
    [Fact]
    public async Task ThreeMessagesInsideTheWindow_AreOneTurn()
    {
        await using var agent = await TestAgentServer.StartAsync(async (request, context) =>
        {
            var batch = JsonDocument.Parse(request.Body).RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString());
            await TestAgentServer.WriteJsonAsync(context, JsonSerializer.Serialize(new { reply = string.Join(" | ", batch) }));
        });
        var scenario = await TwilioScenario.CreateAsync(factory, new { type = "webhook", url = agent.Url, secret = agent.Secret });
        var customer = TestTenant.NewNumber("404");

        foreach (var text in new[] { "Hi", "I'd like to book", "a cleaning" })
        {
            Assert.Equal(HttpStatusCode.OK, (await scenario.TextAsync(customer, text)).StatusCode);
        }

        await DemoFlowTests.Eventually(() => Task.FromResult(scenario.SentTo(customer).Count == 1));
        Assert.Equal("Hi | I'd like to book | a cleaning", scenario.SentTo(customer)[0].Body);
        Assert.Single(agent.Requests);
    }
}
