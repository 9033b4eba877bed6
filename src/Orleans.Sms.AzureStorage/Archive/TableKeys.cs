using System.Globalization;
using System.Text;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>Partition and row keys of the archive tables.</summary>
internal static class TableKeys
{
    /// <summary>Row keys of messages start with this; <see cref="MessagesEnd"/> bounds the range.</summary>
    public const string MessagesStart = "m|";

    /// <summary>The first row key after every message row ('}' follows '|').</summary>
    public const string MessagesEnd = "m}";

    /// <summary>
    /// A message's row: inverted ticks first, so a range scan from the start of the partition returns the newest
    /// message first; then the message id, unique within equal ticks. Both never change for one message, so
    /// appending the same message again (with a new delivery status) replaces the same row.
    /// </summary>
    public static string Message(SmsMessage message) =>
        MessagesStart
        + (DateTime.MaxValue.Ticks - message.Timestamp.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
        + "|" + Escape(message.MessageId);

    /// <summary>The provider-id index row of a message, in the same partition as the message.</summary>
    public static string ProviderIndex(string providerMessageId) => "p|" + Escape(providerMessageId);

    /// <summary>
    /// A key made safe for Azure Tables, which forbid '/', '\', '#', '?' and control characters in keys.
    /// Percent-encoding keeps distinct values distinct ('%' itself is encoded) and leaves ids such as
    /// <c>conv_…</c>, <c>SM…</c> or <c>+1555…</c> readable as they are.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
