using System.Text.Json;
using Orleans.Sms.Campaigns;
using Orleans.Sms.Errors;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>The <c>quiet_hours</c> member of a campaign or run request (docs/api.md: Campaigns).</summary>
public sealed class QuietHoursParseTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static QuietHoursSettings Ok(JsonElement? element)
    {
        var result = QuietHours.Parse(element);
        Assert.True(result.Succeeded, result.Error?.Detail);
        return result.Value;
    }

    [Fact]
    public void Parse_AbsentOrNull_IsTheDefault()
    {
        Assert.Same(QuietHoursSettings.Default, Ok(null));
        Assert.Same(QuietHoursSettings.Default, Ok(default(JsonElement)));
        Assert.Same(QuietHoursSettings.Default, Ok(Json("null")));
        Assert.Equal(new QuietHoursSettings(true, new TimeOnly(8, 0), new TimeOnly(21, 0), "America/New_York"), QuietHoursSettings.Default);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"enabled":true}""")]
    [InlineData("""{"enabled":null,"start":null,"end":null,"time_zone":null}""")]
    [InlineData("""{"start":"08:00","end":"21:00","time_zone":"America/New_York"}""")]
    public void Parse_MembersLeftOut_TakeTheirDefaults(string json)
    {
        Assert.Equal(QuietHoursSettings.Default, Ok(Json(json)));
    }

    [Fact]
    public void Parse_EnabledFalse_TurnsThemOff()
    {
        Assert.Equal(QuietHoursSettings.Default with { Enabled = false }, Ok(Json("""{"enabled":false}""")));
    }

    [Fact]
    public void Parse_AllMembers()
    {
        Assert.Equal(
            new QuietHoursSettings(true, new TimeOnly(20, 0), new TimeOnly(6, 30), "Europe/London"),
            Ok(Json("""{"enabled":true,"start":"20:00","end":"06:30","time_zone":"Europe/London"}""")));
        Assert.Equal(
            new QuietHoursSettings(false, new TimeOnly(0, 0), new TimeOnly(23, 59), "Asia/Tokyo"),
            Ok(Json("""{"enabled":false,"start":"00:00","end":"23:59","time_zone":"Asia/Tokyo"}""")));
        Assert.Equal(QuietHoursSettings.Default with { Start = new TimeOnly(9, 0) }, Ok(Json("""{"start":"09:00"}""")));
    }

    [Theory]
    [InlineData("""{"start":"8am"}""", "'quiet_hours.start' must be a 24-hour time HH:mm")]
    [InlineData("""{"start":"25:00"}""", "'quiet_hours.start' must be a 24-hour time HH:mm")]
    [InlineData("""{"start":"24:00"}""", "'quiet_hours.start' must be a 24-hour time HH:mm")]
    [InlineData("""{"start":"08:60"}""", "'quiet_hours.start' must be a 24-hour time HH:mm")]
    [InlineData("""{"start":"8:00"}""", "'quiet_hours.start' must be a 24-hour time HH:mm")]
    [InlineData("""{"start":"08:00:00"}""", "'quiet_hours.start' must be a 24-hour time HH:mm")]
    [InlineData("""{"start":"０８:００"}""", "'quiet_hours.start' must be a 24-hour time HH:mm")]
    [InlineData("""{"start":800}""", "'quiet_hours.start' must be a 24-hour time HH:mm")]
    [InlineData("""{"end":"21h"}""", "'quiet_hours.end' must be a 24-hour time HH:mm")]
    [InlineData("""{"end":["21:00"]}""", "'quiet_hours.end' must be a 24-hour time HH:mm")]
    [InlineData("""{"start":"09:00","end":"09:00"}""", "'quiet_hours.start' and 'quiet_hours.end' must differ (got 09:00 for both).")]
    [InlineData("""{"start":"21:00"}""", "'quiet_hours.start' and 'quiet_hours.end' must differ (got 21:00 for both).")]
    [InlineData("""{"enabled":false,"start":"10:00","end":"10:00"}""", "'quiet_hours.start' and 'quiet_hours.end' must differ")]
    [InlineData("""{"enabled":false,"start":"noon"}""", "'quiet_hours.start' must be a 24-hour time HH:mm")]
    [InlineData("""{"time_zone":"Mars/Olympus_Mons"}""", "'quiet_hours.time_zone' must be an IANA time zone id")]
    [InlineData("""{"time_zone":"Eastern Standard Time"}""", "'quiet_hours.time_zone' must be an IANA time zone id")]
    [InlineData("""{"time_zone":"america/new_york"}""", "'quiet_hours.time_zone' must be an IANA time zone id")]
    [InlineData("""{"time_zone":"Etc/Unknown"}""", "'quiet_hours.time_zone' must be an IANA time zone id")]
    [InlineData("""{"time_zone":"../../../etc/passwd"}""", "'quiet_hours.time_zone' must be an IANA time zone id")]
    [InlineData("""{"time_zone":"/usr/share/zoneinfo/UTC"}""", "'quiet_hours.time_zone' must be an IANA time zone id")]
    [InlineData("""{"time_zone":""}""", "'quiet_hours.time_zone' must be an IANA time zone id")]
    [InlineData("""{"time_zone":-5}""", "'quiet_hours.time_zone' must be an IANA time zone id")]
    [InlineData("""{"enabled":"yes"}""", "'quiet_hours.enabled' must be true or false.")]
    [InlineData("""{"enabled":"false"}""", "'quiet_hours.enabled' must be true or false.")]
    [InlineData("""{"enabled":0}""", "'quiet_hours.enabled' must be true or false.")]
    [InlineData("""{"timezone":"Europe/London"}""", "'quiet_hours.timezone' is not a member of quiet_hours")]
    [InlineData("\"off\"", "'quiet_hours' must be an object or null.")]
    [InlineData("false", "'quiet_hours' must be an object or null.")]
    [InlineData("[]", "'quiet_hours' must be an object or null.")]
    public void Parse_Refused_InvalidRequestNamingTheMember(string json, string detail)
    {
        var result = QuietHours.Parse(Json(json));

        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        Assert.Equal(SmsErrorCodes.InvalidRequest, result.Error!.Code);
        Assert.StartsWith(detail, result.Error.Detail);
    }

    [Fact]
    public void Parse_MiscasedZone_IsRefusedEvenOnceTheZoneIsCached()
    {
        Assert.NotNull(TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));

        Assert.Equal(SmsErrorCodes.InvalidRequest, QuietHours.Parse(Json("""{"time_zone":"america/chicago"}""")).Error?.Code);
        Assert.Equal(SmsErrorCodes.InvalidRequest, QuietHours.Parse(Json("""{"time_zone":"AMERICA/CHICAGO"}""")).Error?.Code);
        Assert.Equal("America/Chicago", Ok(Json("""{"time_zone":"America/Chicago"}""")).TimeZone);
    }

    [Fact]
    public void Parse_LongUnknownMember_IsNotEchoed()
    {
        var name = new string('x', 10_000);
        var result = QuietHours.Parse(Json($$"""{"{{name}}":1}"""));

        Assert.Equal("'quiet_hours' takes only enabled, start, end, time_zone.", result.Error!.Detail);
    }

    [Fact]
    public void Parse_ParsedSettings_DriveHoldUntil()
    {
        var settings = Ok(Json("""{"start":"20:00","end":"06:00","time_zone":"Europe/London"}"""));

        // An unknown number: London's clock. 19:59 BST → held until 20:00 BST.
        Assert.Equal(new DateTimeOffset(2027, 7, 15, 19, 0, 0, TimeSpan.Zero),
            QuietHours.HoldUntil(settings, "+15555550100", new DateTimeOffset(2027, 7, 15, 18, 59, 0, TimeSpan.Zero)));
    }
}
