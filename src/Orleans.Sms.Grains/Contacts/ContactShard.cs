namespace Orleans.Sms.Contacts;

/// <summary>
/// Where a contact lives among its owner's <see cref="Count"/> shards: a phone number's shard is a stable hash of it, and a
/// contact id carries the shard of the number it was created with (<c>ct_{shard}{time-ordered id}</c>), so a new contact's
/// rows share one shard and are written together. Storage spreads an owner's contacts over the shards (a table partition
/// each): a million contacts of one tenant are not one hot partition.
/// </summary>
public static class ContactShard
{
    public const int Count = 16;

    /// <summary>The shard of an E.164 number (FNV-1a, so it never changes between processes or versions).</summary>
    public static int Of(string phoneNumber)
    {
        var hash = 2166136261u;
        foreach (var c in phoneNumber)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % Count);
    }

    /// <summary>A new contact id in the shard of <paramref name="phoneNumber"/>.</summary>
    public static string NewId(string phoneNumber) => $"ct_{Of(phoneNumber):x}{Guid.CreateVersion7():N}";

    /// <summary>The shard an id was made in; null for a string that is no contact id of this engine.</summary>
    public static int? OfId(string contactId) =>
        contactId.Length == 36 && contactId.StartsWith("ct_", StringComparison.Ordinal) && Uri.IsHexDigit(contactId[3])
            ? Convert.ToInt32(contactId[3].ToString(), 16)
            : null;
}
