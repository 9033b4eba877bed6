using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Tests.Archive;

/// <summary>Messages, sessions and unrouted messages for archive tests, and comparisons that look inside their lists.</summary>
internal static class TestMessages
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] NoMedia = [];

    /// <summary>Message number <paramref name="n"/>, recorded <paramref name="n"/> seconds after <see cref="T0"/>.</summary>
    public static SmsMessage Message(int n, string sessionId = "ses_a") => new(
        $"msg_{n:D5}", sessionId, n % 2 == 0 ? MessageDirection.Inbound : MessageDirection.Outbound,
        n % 2 == 0 ? MessageRole.User : MessageRole.Agent, n % 2 == 0 ? MessageSource.Inbound : MessageSource.SmsAgent,
        $"body {n}", T0.AddSeconds(n), 1, SmsEncoding.Gsm7, null,
        n % 2 == 0 ? DeliveryStatus.Received : DeliveryStatus.Accepted, null, NoMedia);

    public static SessionView Session(string id, int startSecond, SessionState state = SessionState.Active) => new(
        id, state, Engaged: false, T0.AddSeconds(startSecond), T0.AddSeconds(startSecond), null,
        state == SessionState.Ended ? T0.AddSeconds(startSecond + 1) : null,
        state == SessionState.Ended ? SessionEndReason.Timeout : null);

    public static InboundSms Inbound(string providerId, string to, string body = "hi") =>
        new(providerId, "+15557000001", to, body, NoMedia);

    public static void Same(SmsMessage expected, SmsMessage actual)
    {
        Assert.Equal(expected with { Media = NoMedia }, actual with { Media = NoMedia });
        Assert.Equal(expected.Media, actual.Media);
    }

    public static void Same(IEnumerable<SmsMessage> expected, IReadOnlyList<SmsMessage> actual)
    {
        var list = expected.ToList();
        Assert.Equal(list.Select(m => m.MessageId), actual.Select(m => m.MessageId));
        for (var i = 0; i < list.Count; i++)
        {
            Same(list[i], actual[i]);
        }
    }

    public static void Same(InboundSms expected, InboundSms actual)
    {
        Assert.Equal(expected with { Media = NoMedia }, actual with { Media = NoMedia });
        Assert.Equal(expected.Media, actual.Media);
    }
}
