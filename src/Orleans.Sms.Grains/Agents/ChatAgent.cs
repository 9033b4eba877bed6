using Microsoft.Extensions.AI;

namespace Orleans.Sms.Agents;

/// <summary>
/// An agent backed by the <see cref="IChatClient"/> registered in the host's DI (README.md: Agents, <c>{"type":"chat"}</c>):
/// the use case's instructions and the conversation's context as the system prompt, the session transcript as history,
/// and two tools the model may call, <c>set_conversation_status(status)</c> and <c>end_session(reason?)</c>.
/// </summary>
/// <remarks>
/// The client is looked up on the first turn, not at start-up, so a host may register it after the engine. Unless the
/// client already invokes functions itself, it is wrapped in a <see cref="FunctionInvokingChatClient"/> (at most
/// <see cref="MaxToolRounds"/> rounds per turn). Any failure of the client becomes an <see cref="AgentFailedException"/>.
/// </remarks>
public sealed class ChatAgent(IServiceProvider services) : ISmsAgent
{
    /// <summary>The agent type name in a use case's agent spec.</summary>
    public const string Type = "chat";

    /// <summary>How many model round trips a turn may take for tool calls before the model must answer.</summary>
    public const int MaxToolRounds = 4;

    private readonly Lock _gate = new();
    private IChatClient? _client;

    /// <inheritdoc />
    public async Task<AgentReply> RespondAsync(AgentTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var client = Client();
        var tools = new ChatTurnTools();
        var options = new ChatOptions { Tools = tools.Tools, ToolMode = ChatToolMode.Auto };

        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(ChatPrompt.Build(turn), options, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new AgentFailedException($"chat client failed: {ex.GetType().Name}: {ex.Message}", ex);
        }

        var reply = FinalText(response);
        return new AgentReply(string.IsNullOrWhiteSpace(reply) ? null : reply.Trim(), tools.Status, tools.EndSessionRequested);
    }

    /// <summary>The text the model wrote after its last tool result: earlier text was a preface to the tool calls.</summary>
    internal static string FinalText(ChatResponse response)
    {
        var messages = response.Messages;
        var lastTool = -1;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role == ChatRole.Tool || messages[i].Contents.Any(c => c is FunctionResultContent))
            {
                lastTool = i;
            }
        }
        return string.Concat(messages.Skip(lastTool + 1).Where(m => m.Role == ChatRole.Assistant).Select(m => m.Text));
    }

    private IChatClient Client()
    {
        lock (_gate)
        {
            if (_client is not null)
            {
                return _client;
            }
            var inner = services.GetService<IChatClient>()
                ?? throw new AgentFailedException("no IChatClient is registered");
            // A client that already invokes functions would run the tools itself; wrapping it again would not hurt but
            // would double the round-trip limit.
            _client = inner.GetService<FunctionInvokingChatClient>() is not null
                ? inner
                : new ChatClientBuilder(inner)
                    .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = MaxToolRounds)
                    .Build(services);
            return _client;
        }
    }
}
