using Microsoft.Extensions.AI;
using static Orleans.Sms.Testing.Agents.ScriptedChatClient;

namespace Orleans.Sms.Agents.Tests;

public sealed class ChatAgentTests
{
    private static readonly Orleans.Sms.UseCases.AgentSpec Spec = new(ChatAgent.Type);

    private static ServiceProvider Host(IChatClient? client) =>
        WebhookAgentHost.Build(more: services =>
        {
            if (client is not null)
            {
                services.AddSingleton(client);
            }
        });

    [Fact]
    public async Task ChatAgent_ToolCallsThenText_AppliesStatusAndEndSession()
    {
        var client = new ScriptedChatClient(
            _ => ToolCalls(
                Call("call_1", "set_conversation_status", ("status", "qualified")),
                Call("call_2", "end_session", ("reason", "booked"))),
            _ => Text("You're booked for Tuesday at 9:00. See you then!"));
        await using var services = Host(client);

        var reply = await services.Agent(ChatAgent.Type).RespondAsync(AgentTurns.Messages(Spec), CancellationToken.None);

        Assert.Equal(new AgentReply("You're booked for Tuesday at 9:00. See you then!", ConversationStatus.Qualified, EndSession: true), reply);
        Assert.Equal(2, client.Calls.Count);
        var results = client.Calls[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal(["call_1", "call_2"], results.Select(r => r.CallId));
        Assert.Equal("ok: the conversation status is now qualified.", results[0].Result?.ToString());
    }

    [Fact]
    public async Task ChatAgent_Prompt_HasInstructionsContextAndHistoryInOrder()
    {
        var client = new ScriptedChatClient(_ => Text("Tuesday at 9:00 works?"));
        await using var services = Host(client);

        await services.Agent(ChatAgent.Type).RespondAsync(AgentTurns.Messages(Spec), CancellationToken.None);

        var (messages, options) = Assert.Single(client.Calls);
        Assert.Equal([ChatRole.System, ChatRole.Assistant, ChatRole.User], messages.Select(m => m.Role));
        Assert.StartsWith("You are the agent in an SMS (text message) conversation", messages[0].Text);
        Assert.Contains(AgentTurns.Instructions, messages[0].Text);
        Assert.Contains(AgentTurns.ContextJson, messages[0].Text);
        Assert.Equal(AgentTurns.Opening.Body, messages[1].Text);
        Assert.Equal(AgentTurns.Answer.Body, messages[2].Text);
        Assert.Equal(["set_conversation_status", "end_session"], options!.Tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task ChatAgent_SessionStartedWithoutMessages_AsksForTheOpening()
    {
        var client = new ScriptedChatClient(_ => Text("Hi Ana! Time for your check-up. Tuesday or Thursday?"));
        await using var services = Host(client);

        var reply = await services.Agent(ChatAgent.Type).RespondAsync(AgentTurns.Opener(Spec), CancellationToken.None);

        Assert.Equal(new AgentReply("Hi Ana! Time for your check-up. Tuesday or Thursday?"), reply);
        var messages = Assert.Single(client.Calls).Messages;
        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
        Assert.Contains("opening message", messages[1].Text);
        Assert.Contains("Hi! Time for a check-up?", messages[1].Text);
    }

    [Fact]
    public async Task ChatAgent_UnknownStatus_ToldToModelAndNotApplied()
    {
        var client = new ScriptedChatClient(
            _ => ToolCalls(Call("call_1", "set_conversation_status", ("status", "booked"))),
            _ => Text(" "));
        await using var services = Host(client);

        var reply = await services.Agent(ChatAgent.Type).RespondAsync(AgentTurns.Messages(Spec), CancellationToken.None);

        Assert.Equal(new AgentReply(null), reply);
        var result = Assert.Single(client.Calls[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.StartsWith("error: 'booked' is not a conversation status", result.Result?.ToString());
    }

    [Fact]
    public async Task ChatAgent_TextBeforeToolCall_IsNotPartOfTheReply()
    {
        var client = new ScriptedChatClient(
            _ => new ChatResponse(new ChatMessage(ChatRole.Assistant,
                [new TextContent("Let me note that."), Call("call_1", "set_conversation_status", ("status", "follow_up"))])),
            _ => Text("A colleague will call you today."));
        await using var services = Host(client);

        var reply = await services.Agent(ChatAgent.Type).RespondAsync(AgentTurns.Messages(Spec), CancellationToken.None);

        Assert.Equal(new AgentReply("A colleague will call you today.", ConversationStatus.FollowUp), reply);
    }

    [Fact]
    public async Task ChatAgent_ClientThrows_AgentFailed()
    {
        var client = new ScriptedChatClient(_ => throw new HttpRequestException("model endpoint unavailable"));
        await using var services = Host(client);

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() =>
            services.Agent(ChatAgent.Type).RespondAsync(AgentTurns.Messages(Spec), CancellationToken.None));

        Assert.Equal("chat client failed: HttpRequestException: model endpoint unavailable", failure.Reason);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task ChatAgent_NoChatClientRegistered_AgentFailed()
    {
        await using var services = Host(client: null);

        var failure = await Assert.ThrowsAsync<AgentFailedException>(() =>
            services.Agent(ChatAgent.Type).RespondAsync(AgentTurns.Messages(Spec), CancellationToken.None));

        Assert.Equal("no IChatClient is registered", failure.Reason);
    }

    [Fact]
    public async Task ChatAgent_CallerCancels_Propagates()
    {
        var client = new ScriptedChatClient(_ => throw new OperationCanceledException());
        await using var services = Host(client);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.Agent(ChatAgent.Type).RespondAsync(AgentTurns.Messages(Spec), cancelled.Token));
    }
}
