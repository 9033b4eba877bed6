using System.Text.Json;
using Azure.Data.Tables;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>
/// An <see cref="SmsMessage"/> as a table row. Enums are stored by name, so the rows stay readable in a storage
/// explorer and survive a reordering of the enum; media as one JSON string (Azure Tables has no list type).
/// The system property <c>Timestamp</c> is the server's write time, so the message's own is <c>RecordedAt</c>.
/// </summary>
internal static class MessageEntity
{
    public static TableEntity ToEntity(string partitionKey, string rowKey, SmsMessage message)
    {
        var entity = new TableEntity(partitionKey, rowKey)
        {
            [nameof(SmsMessage.MessageId)] = message.MessageId,
            [nameof(SmsMessage.SessionId)] = message.SessionId,
            [nameof(SmsMessage.Direction)] = message.Direction.ToString(),
            [nameof(SmsMessage.Role)] = message.Role.ToString(),
            [nameof(SmsMessage.Source)] = message.Source.ToString(),
            [nameof(SmsMessage.Body)] = message.Body,
            ["RecordedAt"] = message.Timestamp,
            [nameof(SmsMessage.Segments)] = message.Segments,
            [nameof(SmsMessage.Encoding)] = message.Encoding.ToString(),
            [nameof(SmsMessage.DeliveryStatus)] = message.DeliveryStatus.ToString(),
        };
        // Absent properties read back as null: write only what is set.
        if (message.ProviderMessageSid is not null)
        {
            entity[nameof(SmsMessage.ProviderMessageSid)] = message.ProviderMessageSid;
        }
        if (message.ErrorCode is not null)
        {
            entity[nameof(SmsMessage.ErrorCode)] = message.ErrorCode;
        }
        if (message.Media.Count > 0)
        {
            entity[nameof(SmsMessage.Media)] = JsonSerializer.Serialize(message.Media);
        }
        return entity;
    }

    public static SmsMessage FromEntity(TableEntity entity) => new(
        entity.Required(nameof(SmsMessage.MessageId)),
        entity.Required(nameof(SmsMessage.SessionId)),
        entity.RequiredEnum<MessageDirection>(nameof(SmsMessage.Direction)),
        entity.RequiredEnum<MessageRole>(nameof(SmsMessage.Role)),
        entity.RequiredEnum<MessageSource>(nameof(SmsMessage.Source)),
        entity.GetString(nameof(SmsMessage.Body)) ?? "",
        entity.GetDateTimeOffset("RecordedAt") ?? default,
        entity.GetInt32(nameof(SmsMessage.Segments)) ?? 0,
        entity.RequiredEnum<SmsEncoding>(nameof(SmsMessage.Encoding)),
        entity.GetString(nameof(SmsMessage.ProviderMessageSid)),
        entity.RequiredEnum<DeliveryStatus>(nameof(SmsMessage.DeliveryStatus)),
        entity.GetString(nameof(SmsMessage.ErrorCode)),
        Media.Read(entity.GetString(nameof(SmsMessage.Media))));
}

/// <summary>Media URL lists as stored in a table property.</summary>
internal static class Media
{
    public static IReadOnlyList<string> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
