using System.Text.Json;
using Azure.Data.Tables;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>An unrouted <see cref="InboundSms"/> as a table row: partition = the number it was sent to, row = the provider id.</summary>
internal static class UnroutedEntity
{
    public const string ReceivedAt = "ReceivedAt";

    public static TableEntity ToEntity(InboundSms message, DateTimeOffset receivedAt)
    {
        var entity = new TableEntity(TableKeys.Escape(message.To), TableKeys.Escape(message.ProviderMessageId))
        {
            [nameof(InboundSms.ProviderMessageId)] = message.ProviderMessageId,
            [nameof(InboundSms.From)] = message.From,
            [nameof(InboundSms.To)] = message.To,
            [nameof(InboundSms.Body)] = message.Body,
            [ReceivedAt] = receivedAt,
        };
        if (message.Media.Count > 0)
        {
            entity[nameof(InboundSms.Media)] = JsonSerializer.Serialize(message.Media);
        }
        return entity;
    }

    public static InboundSms FromEntity(TableEntity entity) => new(
        entity.Required(nameof(InboundSms.ProviderMessageId)),
        entity.Required(nameof(InboundSms.From)),
        entity.Required(nameof(InboundSms.To)),
        entity.GetString(nameof(InboundSms.Body)) ?? "",
        Media.Read(entity.GetString(nameof(InboundSms.Media))));
}
