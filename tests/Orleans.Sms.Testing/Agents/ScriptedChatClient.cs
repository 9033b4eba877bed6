using Microsoft.Extensions.AI;

namespace Orleans.Sms.Testing.Agents;

/// <summary>
/// An <see cref="IChatClient"/> that answers each call with the next scripted response and records what it was sent
/// (a copy of the messages, and the options).
/// </summary>
public sealed class ScriptedChatClient(params Func<IReadOnlyList<ChatMessage>, ChatResponse>[] script) : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, ChatResponse>> _script = new(script);
    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> _calls = [];

    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls => _calls;

    public static ChatResponse Text(string? text) => new(new ChatMessage(ChatRole.Assistant, text));

    public static ChatResponse ToolCalls(params FunctionCallContent[] calls) => new(new ChatMessage(ChatRole.Assistant, [.. calls]));

    public static FunctionCallContent Call(string id, string name, params (string Name, object? Value)[] arguments) =>
        new(id, name, arguments.ToDictionary(a => a.Name, a => a.Value));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ChatMessage> sent = [.. messages];
        _calls.Add((sent, options));
        return _script.TryDequeue(out var next)
            ? Task.FromResult(next(sent))
            : throw new InvalidOperationException($"the script has no response for call {_calls.Count}");
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the chat agent does not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
