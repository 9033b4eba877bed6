using Orleans.Sms.AzureStorage.Archive;
using static Orleans.Sms.AzureStorage.Tests.Archive.TestMessages;

namespace Orleans.Sms.AzureStorage.Tests.Archive;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("conv_0123abcd", "conv_0123abcd")]
    [InlineData("+15551234567", "+15551234567")]
    [InlineData("a/b\\c#d?e%f", "a%2Fb%5Cc%23d%3Fe%25f")]
    [InlineData("tab\there", "tab%09here")]
    public void Escape_ForbiddenCharacters_ArePercentEncoded(string value, string expected) =>
        Assert.Equal(expected, TableKeys.Escape(value));

    [Fact]
    public void Message_NewerMessage_SortsFirst()
    {
        var older = TableKeys.Message(Message(1));
        var newer = TableKeys.Message(Message(2));
        var newest = TableKeys.Message(Message(1) with { Timestamp = DateTimeOffset.MaxValue.AddTicks(-1) });

        Assert.True(string.CompareOrdinal(newer, older) < 0);
        Assert.True(string.CompareOrdinal(newest, newer) < 0);
        Assert.All([older, newer, newest], key => Assert.True(
            string.CompareOrdinal(key, TableKeys.MessagesStart) >= 0 && string.CompareOrdinal(key, TableKeys.MessagesEnd) < 0));
    }

    [Fact]
    public void Message_SameMessageWithNewStatus_KeepsItsRowKey() =>
        Assert.Equal(
            TableKeys.Message(Message(1)),
            TableKeys.Message(Message(1) with { ProviderMessageSid = "SM1", DeliveryStatus = Conversations.DeliveryStatus.Read }));
}
