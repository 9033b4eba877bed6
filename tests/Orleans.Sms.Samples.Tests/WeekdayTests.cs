using Orleans.Sms.Samples.ReminderAgent;

namespace Orleans.Sms.Samples.Tests;

public sealed class WeekdayTests
{
    [Theory]
    [InlineData("Thursday", "Thursday")]
    [InlineData("THURS", "Thursday")]
    [InlineData("tues, after 5", "Tuesday")]
    [InlineData("sat or sun", "Saturday")]
    [InlineData("wednesday.", "Wednesday")]
    public void Weekday_Named_IsFound(string text, string expected) => Assert.Equal(expected, Weekday.Find(text));

    [Theory]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("Sunday-ish")]
    [InlineData("monthly")]
    public void Weekday_NotNamed_IsNull(string text) => Assert.Null(Weekday.Find(text));
}
