using System.Text;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// A bound on what a recipient takes in the campaign's state, where the journal holds two steps' recipients and a notice
/// flush's at once: each of those takes at most a <see cref="Share"/>, so the state stays under what Azure table storage
/// holds of one grain (15 properties of 64 KiB, 960 KiB) whatever the bodies (1,600 characters, up to 3 bytes each).
/// Orleans' serializer writes a string as its UTF-8 bytes; the rest of a row (numbers, times, message and conversation
/// ids, sender) stays under <see cref="RowOverhead"/>.
/// </summary>
public static class JournalSize
{
    public const int RowOverhead = 256;

    /// <summary>What one step's recipients, or one notice flush's, may take: three of them leave room for the rest of the state.</summary>
    public const int Share = 256 * 1024;

    /// <summary>The bound of a recipient's row, with <paramref name="body"/> in place of its own when given.</summary>
    public static int Of(CampaignRecipient recipient, string? body = null) =>
        RowOverhead + Utf8(recipient.PhoneNumber) + Utf8(recipient.ContactId) + Utf8(body ?? recipient.Body) + Utf8(recipient.ErrorCode);

    /// <summary>
    /// What a notice flush may add to <paramref name="journal"/>: a share, less what the journal holds beyond one step's
    /// share (between turns it holds the step in flight; the next step adds its own share; beyond that are rows of earlier
    /// flushes whose saves failed, or a failed step's, which stay until a step saves them). At most zero when full.
    /// </summary>
    public static int Room(IEnumerable<CampaignRecipient> journal) =>
        (int)Math.Min(Share, 2L * Share - journal.Sum(r => (long)Of(r)));

    /// <summary>How many of <paramref name="sizes"/>, in order, fit in <paramref name="share"/> together: at least one.</summary>
    public static int Fitting(IEnumerable<int> sizes, int share = Share)
    {
        var (count, total) = (0, 0L);
        foreach (var size in sizes)
        {
            total += size;
            if (total > share && count > 0)
            {
                break;
            }
            count++;
        }
        return count;
    }

    private static int Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
