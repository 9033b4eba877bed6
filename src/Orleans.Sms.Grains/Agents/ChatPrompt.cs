using System.Text;
using Microsoft.Extensions.AI;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.Agents;

/// <summary>Builds the messages a chat model sees for one turn: the system prompt, the session's history, the ask.</summary>
internal static class ChatPrompt
{
    /// <summary>What every chat agent is told before the use case's own instructions.</summary>
    public const string Preamble =
        "You are the agent in an SMS (text message) conversation with a customer. Your text is sent to the customer's "
        + "phone as it is: keep it short (one to three sentences), plain text, no markdown, no lists. "
        + $"Call {ChatTurnTools.SetStatusName} when the conversation's outcome is known, and {ChatTurnTools.EndSessionName} "
        + "once the conversation is over. Answer with empty text to send nothing.";

    /// <summary>The messages for <paramref name="turn"/>, oldest first.</summary>
    public static List<ChatMessage> Build(AgentTurn turn)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt(turn)) };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in turn.Transcript.Concat(turn.Messages))
        {
            // The batch is normally part of the transcript already; a batch message missing from it still counts.
            if (seen.Add(message.MessageId))
            {
                messages.Add(new ChatMessage(message.Role == MessageRole.User ? ChatRole.User : ChatRole.Assistant, Text(message)));
            }
        }

        if (Ask(turn) is { } ask)
        {
            // As a user message: several providers refuse a conversation with no user turn, or one ending on the assistant.
            messages.Add(new ChatMessage(ChatRole.User, ask));
        }
        return messages;
    }

    /// <summary>The system prompt: the preamble, the use case's instructions and the conversation's context.</summary>
    public static string SystemPrompt(AgentTurn turn)
    {
        var prompt = new StringBuilder(Preamble);
        if (!string.IsNullOrWhiteSpace(turn.UseCase.Instructions))
        {
            prompt.Append("\n\n# Instructions\n").Append(turn.UseCase.Instructions.Trim());
        }
        prompt.Append("\n\n# Conversation context (JSON: what is known about the customer and this conversation)\n")
            .Append(AgentJson.ContextObject(turn.ContextJson).GetRawText());
        if (turn.Contact is { } contact)
        {
            // The same JSON a webhook agent gets: name, company and custom fields, so the model can greet by name.
            prompt.Append("\n\n# The customer's contact record (JSON)\n")
                .Append(System.Text.Json.JsonSerializer.Serialize(contact, AgentJson.Options));
        }
        return prompt.ToString();
    }

    /// <summary>The engine's request for turns with no new customer message; null when the customer just wrote.</summary>
    private static string? Ask(AgentTurn turn)
    {
        if (turn.Messages.Count > 0)
        {
            return null;
        }
        return turn.Event switch
        {
            AgentEvents.SessionStarted => "[engine] The customer has not written yet. Write the opening message of this conversation now."
                + (string.IsNullOrWhiteSpace(turn.UseCase.Greeting) ? "" : $" The use case's greeting, to use or adapt: \"{turn.UseCase.Greeting.Trim()}\""),
            AgentEvents.WarningTimeout => "[engine] The customer has not replied for a while. Write a short, friendly nudge, "
                + "or answer with empty text to send nothing.",
            _ => "[engine] Write the next message of this conversation, or answer with empty text to send nothing.",
        };
    }

    private static string Text(SmsMessage message) => message.Media is not { Count: > 0 } media
        ? message.Body
        : message.Body + string.Concat(media.Select(url => $"\n[attachment: {url}]"));
}
