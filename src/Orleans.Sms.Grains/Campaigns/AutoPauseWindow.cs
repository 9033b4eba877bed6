namespace Orleans.Sms.Campaigns;

/// <summary>
/// The auto-pause rule (docs/api.md: Campaigns) as a plain type kept in the campaign's state: the last <c>window</c> sent messages
/// (bounded by <see cref="AutoPauseSettings.Window"/>), each marked when its send failed or its recipient opted out later.
/// Once at least <c>window</c> messages were sent since the window (re)started, a share above its rate pauses the campaign.
/// </summary>
[GenerateSerializer, Alias("sms.AutoPauseWindow")]
public sealed class AutoPauseWindow
{
    /// <summary>The most messages a window may look at (an <c>auto_pause.window</c> above it is refused).</summary>
    public const int MaxWindow = 10_000;

    [Id(0)] public List<WindowEntry> Entries { get; set; } = [];

    /// <summary>Messages sent since the window last started (a resume starts it again).</summary>
    [Id(1)] public int SentSinceStart { get; set; }

    /// <summary>A message of recipient <paramref name="seq"/> was sent (or its send failed at once).</summary>
    public void Sent(long seq, bool failed, int window)
    {
        Entries.Add(new WindowEntry(seq, failed, OptedOut: false));
        if (Entries.Count > window)
        {
            Entries.RemoveRange(0, Entries.Count - window);
        }
        SentSinceStart++;
    }

    /// <summary>The send to recipient <paramref name="seq"/> failed after all (a status callback, a lookup).</summary>
    public void Failed(long seq) => Mark(seq, e => e with { Failed = true });

    /// <summary>Recipient <paramref name="seq"/> opted out after the campaign's message.</summary>
    public void OptedOut(long seq) => Mark(seq, e => e with { OptedOut = true });

    /// <summary>
    /// The message to recipient <paramref name="seq"/> is to be sent again (the provider dropped it): it leaves the window,
    /// and the resend enters it as a message of its own. Nothing changes when the window no longer holds it.
    /// </summary>
    public void Withdraw(long seq)
    {
        var index = Entries.FindLastIndex(e => e.Seq == seq);
        if (index >= 0)
        {
            Entries.RemoveAt(index);
            SentSinceStart = Math.Max(0, SentSinceStart - 1);
        }
    }

    /// <summary>Why the campaign should pause now, or null. Failures are judged first.</summary>
    public PauseReason? Judge(AutoPauseSettings settings)
    {
        if (SentSinceStart < settings.Window || Entries.Count == 0)
        {
            return null;
        }
        var window = (double)Entries.Count;
        if (Entries.Count(e => e.Failed) / window > settings.FailureRate)
        {
            return PauseReason.FailureRate;
        }
        return Entries.Count(e => e.OptedOut) / window > settings.OptOutRate ? PauseReason.OptOutRate : null;
    }

    /// <summary>A resume starts a new window.</summary>
    public void Restart()
    {
        Entries.Clear();
        SentSinceStart = 0;
    }

    private void Mark(long seq, Func<WindowEntry, WindowEntry> change)
    {
        var index = Entries.FindLastIndex(e => e.Seq == seq);
        if (index >= 0)
        {
            Entries[index] = change(Entries[index]);
        }
    }
}

/// <summary>One sent message of the window.</summary>
[GenerateSerializer, Immutable, Alias("sms.AutoPauseWindowEntry")]
public sealed record class WindowEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] bool Failed,
    [property: Id(2)] bool OptedOut);
