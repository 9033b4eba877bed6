using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>
/// The rows of one destination number's unrouted messages; partition = the number (escaped). Three kinds of row:
/// <list type="bullet">
/// <item><c>c</c>: the counter, <c>Next</c> = the sequence number the next message gets.</item>
/// <item><c>s|{sequence, 19 digits}</c>: a message, in arrival order.</item>
/// <item><c>p|{provider id}</c>: the index that finds a message by its provider id (a retry) in one point read.</item>
/// </list>
/// </summary>
internal static class UnroutedEntity
{
    public const string ReceivedAt = "ReceivedAt";
    public const string Counter = "c";
    public const string Next = "Next";
    public const string Sequence = "Seq";
    public const string MessagesStart = "s|";
    public const string MessagesEnd = "s}";

    public static string MessageRow(long sequence) => MessagesStart + sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static string IndexRow(string providerMessageId) => "p|" + TableKeys.Escape(providerMessageId);

    public static long SequenceOf(TableEntity message) => message.GetInt64(Sequence) ?? 0;

    public static TableEntity ToEntity(string partition, long sequence, InboundSms message, DateTimeOffset receivedAt)
    {
        var entity = new TableEntity(partition, MessageRow(sequence))
        {
            [nameof(InboundSms.ProviderMessageId)] = message.ProviderMessageId,
            [nameof(InboundSms.From)] = message.From,
            [nameof(InboundSms.To)] = message.To,
            [nameof(InboundSms.Body)] = message.Body,
            [ReceivedAt] = receivedAt,
            [Sequence] = sequence,
        };
        if (message.Media.Count > 0)
        {
            entity[nameof(InboundSms.Media)] = JsonSerializer.Serialize(message.Media);
        }
        return entity;
    }

    public static TableEntity ToIndex(string partition, long sequence, string providerMessageId) =>
        new(partition, IndexRow(providerMessageId)) { [Sequence] = sequence };

    public static TableEntity ToCounter(string partition, long next) => new(partition, Counter) { [Next] = next };

    public static InboundSms FromEntity(TableEntity entity) => new(
        entity.Required(nameof(InboundSms.ProviderMessageId)),
        entity.Required(nameof(InboundSms.From)),
        entity.Required(nameof(InboundSms.To)),
        entity.GetString(nameof(InboundSms.Body)) ?? "",
        Media.Read(entity.GetString(nameof(InboundSms.Media))));
}
