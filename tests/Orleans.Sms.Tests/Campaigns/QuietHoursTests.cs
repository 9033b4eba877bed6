using Orleans.Serialization;
using Orleans.Sms.Campaigns;

namespace Orleans.Sms.Tests.Campaigns;

/// <summary>When a message may go (docs/api.md: Campaigns quiet hours): exact instants, in the recipient's zones.</summary>
public sealed class QuietHoursTests
{
    private const string NewYork = "+12125550123";       // America/New_York
    private const string LosAngeles = "+13105551234";    // America/Los_Angeles (213 and 415 too)
    private const string SouthDakota = "+16055550100";   // America/Denver and America/North_Dakota/Center
    private const string TollFree = "+18005550100";      // every North American zone, Guam to Pago Pago
    private const string Invalid = "+15555550100";       // no zone: Etc/Unknown
    private const string UkMobile = "+447911123456";     // Europe/London, Guernsey, Isle_of_Man, Jersey

    private static readonly QuietHoursSettings Default = QuietHoursSettings.Default;

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static QuietHoursSettings Window(string start, string end, string zone = "America/New_York") =>
        new(true, TimeOnly.Parse(start), TimeOnly.Parse(end), zone);

    [Theory]
    [InlineData("2027-07-15T07:59:00-04:00", "2027-07-15T08:00:00-04:00")]
    [InlineData("2027-07-15T07:59:59.9999999-04:00", "2027-07-15T08:00:00-04:00")]
    [InlineData("2027-07-15T08:00:00-04:00", null)]
    [InlineData("2027-07-15T20:59:00-04:00", null)]
    [InlineData("2027-07-15T21:00:00-04:00", "2027-07-16T08:00:00-04:00")]
    [InlineData("2027-07-15T23:30:00-04:00", "2027-07-16T08:00:00-04:00")]
    [InlineData("2027-07-16T00:00:00-04:00", "2027-07-16T08:00:00-04:00")]
    [InlineData("2027-01-15T07:59:00-05:00", "2027-01-15T08:00:00-05:00")]
    [InlineData("2027-01-15T21:00:00-05:00", "2027-01-16T08:00:00-05:00")]
    public void HoldUntil_NewYorkNumber_DefaultWindow(string now, string? expected)
    {
        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(Default, NewYork, At(now)));
    }

    [Fact]
    public void HoldUntil_ReturnsUtc()
    {
        var held = QuietHours.HoldUntil(Default, NewYork, At("2027-07-15T07:59:00-04:00"));

        Assert.Equal(TimeSpan.Zero, held!.Value.Offset);
        Assert.Equal(new DateTime(2027, 7, 15, 12, 0, 0), held.Value.DateTime);
    }

    [Theory]
    [InlineData("2027-07-15T12:00:00Z", null, "2027-07-15T15:00:00Z")]                   // NY 08:00, LA 05:00
    [InlineData("2027-07-15T14:59:00Z", null, "2027-07-15T15:00:00Z")]
    [InlineData("2027-07-16T01:00:00Z", "2027-07-16T12:00:00Z", null)]                   // NY 21:00, LA 18:00
    [InlineData("2027-07-16T03:59:00Z", "2027-07-16T12:00:00Z", null)]                   // LA 20:59
    [InlineData("2027-07-16T04:00:00Z", "2027-07-16T12:00:00Z", "2027-07-16T15:00:00Z")] // LA 21:00
    public void HoldUntil_SameInstant_DependsOnTheRecipientsZone(string now, string? newYork, string? losAngeles)
    {
        Assert.Equal(newYork is null ? null : At(newYork), QuietHours.HoldUntil(Default, NewYork, At(now)));
        Assert.Equal(losAngeles is null ? null : At(losAngeles), QuietHours.HoldUntil(Default, LosAngeles, At(now)));
        Assert.Equal(losAngeles is null ? null : At(losAngeles), QuietHours.HoldUntil(Default, "+12135550100", At(now)));
        Assert.Equal(losAngeles is null ? null : At(losAngeles), QuietHours.HoldUntil(Default, "+14155550100", At(now)));
    }

    [Theory]
    [InlineData("2027-07-15T12:00:00-04:00", "2027-07-15T20:00:00-04:00")]
    [InlineData("2027-07-15T19:59:00-04:00", "2027-07-15T20:00:00-04:00")]
    [InlineData("2027-07-15T20:00:00-04:00", null)]
    [InlineData("2027-07-15T23:59:00-04:00", null)]
    [InlineData("2027-07-16T00:00:00-04:00", null)]
    [InlineData("2027-07-16T05:59:00-04:00", null)]
    [InlineData("2027-07-16T06:00:00-04:00", "2027-07-16T20:00:00-04:00")]
    public void HoldUntil_OvernightWindow(string now, string? expected)
    {
        var night = Window("20:00", "06:00");

        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(night, NewYork, At(now)));
    }

    [Fact]
    public void HoldUntil_Disabled_IsAlwaysNull()
    {
        var off = Default with { Enabled = false };

        Assert.Null(QuietHours.HoldUntil(off, NewYork, At("2027-07-15T03:00:00-04:00")));
        Assert.Null(QuietHours.HoldUntil(off, Invalid, At("2027-07-15T03:00:00-04:00")));
    }

    [Fact]
    public void ZonesOf_SeveralZones_AsTheMapperGivesThem()
    {
        Assert.Equal(["America/Denver", "America/North_Dakota/Center"], QuietHours.ZonesOf(SouthDakota).Select(z => z.Id));
        Assert.Equal(["America/New_York"], QuietHours.ZonesOf(NewYork).Select(z => z.Id));
        Assert.True(QuietHours.ZonesOf(TollFree).Length > 10);
        Assert.Empty(QuietHours.ZonesOf(Invalid));
        Assert.Empty(QuietHours.ZonesOf("not a number"));
    }

    [Theory]
    [InlineData("2027-07-15T13:30:00Z", "2027-07-15T14:00:00Z")] // Central 08:30 but Denver 07:30: waits for Denver 08:00
    [InlineData("2027-07-15T14:00:00Z", null)]
    [InlineData("2027-07-16T01:59:00Z", null)]                   // Central 20:59, Denver 19:59
    [InlineData("2027-07-16T02:00:00Z", "2027-07-16T14:00:00Z")] // Central 21:00 though Denver is 20:00
    [InlineData("2027-07-16T02:30:00Z", "2027-07-16T14:00:00Z")]
    public void HoldUntil_NumberInTwoZones_WindowMustHoldInBoth(string now, string? expected)
    {
        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(Default, SouthDakota, At(now)));
    }

    [Theory]
    // 00:00–23:00 everywhere from Guam (+10) to Pago Pago (-11): closed 01:30–11:00Z (St John's to Pago Pago) and 13:00–14:00Z (Guam).
    [InlineData("2027-07-15T10:30:00Z", "2027-07-15T11:00:00Z")]
    [InlineData("2027-07-15T11:00:00Z", null)]
    [InlineData("2027-07-15T13:30:00Z", "2027-07-15T14:00:00Z")]
    [InlineData("2027-07-16T01:29:00Z", null)]
    [InlineData("2027-07-16T01:30:00Z", "2027-07-16T11:00:00Z")]
    public void HoldUntil_TollFree_WindowMustHoldInEveryNorthAmericanZone(string now, string? expected)
    {
        var wide = Window("00:00", "23:00", "Europe/London");

        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(wide, TollFree, At(now)));
    }

    [Theory]
    // 08:00–21:00 from Guam (+10) round to St John's (-2:30 in summer, -3:30 in winter): only Guam's 08:00 to St John's 21:00.
    [InlineData("2027-07-15T12:00:00Z", "2027-07-15T22:00:00Z")]
    [InlineData("2027-07-15T22:00:00Z", null)]
    [InlineData("2027-07-15T23:29:00Z", null)]
    [InlineData("2027-07-15T23:30:00Z", "2027-07-16T22:00:00Z")]
    [InlineData("2027-01-15T21:59:00Z", "2027-01-15T22:00:00Z")]
    [InlineData("2027-01-16T00:29:00Z", null)]
    [InlineData("2027-01-16T00:30:00Z", "2027-01-16T22:00:00Z")]
    public void HoldUntil_TollFree_DefaultWindow_OnlyWhereEveryZoneIsOpen(string now, string? expected)
    {
        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(Default, TollFree, At(now)));
    }

    [Theory]
    // 09:00–17:00 cannot hold from Guam to St John's at once: the settings' zone decides.
    [InlineData("America/New_York", "2027-07-15T12:59:00Z", "2027-07-15T13:00:00Z")]
    [InlineData("America/New_York", "2027-07-15T13:00:00Z", null)]
    [InlineData("America/New_York", "2027-07-15T21:00:00Z", "2027-07-16T13:00:00Z")]
    [InlineData("America/Chicago", "2027-07-15T13:00:00Z", "2027-07-15T14:00:00Z")]
    public void HoldUntil_ZonesWithoutCommonWindow_UseTheSettingsZone(string zone, string now, string? expected)
    {
        var office = Window("09:00", "17:00", zone);

        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(office, TollFree, At(now)));
    }

    [Theory]
    [InlineData(Invalid)]
    [InlineData("not a number")]
    [InlineData("")]
    public void HoldUntil_UnknownZone_UsesTheSettingsZone(string number)
    {
        var london = Default with { TimeZone = "Europe/London" };

        Assert.Equal(At("2027-07-15T07:00:00Z"), QuietHours.HoldUntil(london, number, At("2027-07-15T06:59:00Z")));
        Assert.Null(QuietHours.HoldUntil(london, number, At("2027-07-15T07:00:00Z")));
        Assert.Equal(At("2027-07-15T12:00:00Z"), QuietHours.HoldUntil(Default, number, At("2027-07-15T07:00:00Z")));
    }

    [Theory]
    // America/New_York, 2027-03-14: 02:00 EST (07:00Z) becomes 03:00 EDT. A 02:30 start opens at 03:00 EDT.
    [InlineData("2027-03-14T06:00:00Z", "2027-03-14T07:00:00Z")]
    [InlineData("2027-03-14T06:59:59Z", "2027-03-14T07:00:00Z")]
    [InlineData("2027-03-14T07:00:00Z", null)]
    [InlineData("2027-03-13T07:29:00Z", "2027-03-13T07:30:00Z")] // the day before: 02:30 EST
    [InlineData("2027-03-15T06:29:00Z", "2027-03-15T06:30:00Z")] // the day after: 02:30 EDT
    public void HoldUntil_SpringForward_StartInTheGapOpensAtTheGapsEnd(string now, string? expected)
    {
        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(Window("02:30", "21:00"), NewYork, At(now)));
    }

    [Theory]
    // America/New_York, 2027-11-07: 02:00 EDT (06:00Z) becomes 01:00 EST; 01:00–01:59 comes twice.
    [InlineData("2027-11-07T01:00:00Z", "2027-11-07T05:30:00Z")] // 21:00 EDT the evening before → the first 01:30
    [InlineData("2027-11-07T05:00:00Z", "2027-11-07T05:30:00Z")] // 01:00 EDT
    [InlineData("2027-11-07T05:30:00Z", null)]                   // 01:30 EDT
    [InlineData("2027-11-07T05:59:00Z", null)]
    [InlineData("2027-11-07T06:00:00Z", "2027-11-07T06:30:00Z")] // 01:00 EST again: out of the window as its clock reads
    [InlineData("2027-11-07T06:29:00Z", "2027-11-07T06:30:00Z")]
    [InlineData("2027-11-07T06:30:00Z", null)]                   // 01:30 EST
    public void HoldUntil_FallBack_RepeatedHourFollowsTheClock(string now, string? expected)
    {
        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(Window("01:30", "21:00"), NewYork, At(now)));
    }

    [Theory]
    [InlineData("2027-11-07T01:00:00Z", "2027-11-07T13:00:00Z")] // 21:00 EDT → 08:00 EST
    [InlineData("2027-03-14T02:00:00Z", "2027-03-14T12:00:00Z")] // 21:00 EST → 08:00 EDT
    public void HoldUntil_DefaultWindowOverADstNight_OpensAt08Local(string now, string expected)
    {
        Assert.Equal(At(expected), QuietHours.HoldUntil(Default, NewYork, At(now)));
    }

    [Theory]
    [InlineData("2027-07-15T06:59:00Z", "2027-07-15T07:00:00Z")] // BST: 07:59 local
    [InlineData("2027-07-15T19:59:00Z", null)]                   // BST: 20:59
    [InlineData("2027-07-15T20:00:00Z", "2027-07-16T07:00:00Z")] // BST: 21:00
    [InlineData("2027-01-15T07:59:00Z", "2027-01-15T08:00:00Z")] // GMT: 07:59
    [InlineData("2027-01-15T20:59:00Z", null)]
    [InlineData("2027-01-15T21:00:00Z", "2027-01-16T08:00:00Z")]
    public void HoldUntil_UkNumber_BstAndGmt(string now, string? expected)
    {
        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(Default, UkMobile, At(now)));
        Assert.Equal(expected is null ? null : At(expected), QuietHours.HoldUntil(Default, "+442079460000", At(now)));
    }

    [Theory]
    [InlineData(NewYork, "02:30", "21:00")]
    [InlineData(NewYork, "01:30", "21:00")]
    [InlineData(NewYork, "20:00", "01:30")]
    [InlineData(SouthDakota, "08:00", "21:00")]
    [InlineData(TollFree, "00:00", "23:00")]
    [InlineData(UkMobile, "00:30", "01:30")]
    public void HoldUntil_IsOpenAtTheInstantItReturns_AcrossBothDstDays(string number, string start, string end)
    {
        var settings = Window(start, end);
        foreach (var day in new[] { At("2027-03-13T00:00:00Z"), At("2027-11-06T00:00:00Z"), At("2027-03-27T00:00:00Z"), At("2027-10-30T00:00:00Z") })
        {
            for (var now = day; now < day.AddDays(2); now = now.AddMinutes(7))
            {
                if (QuietHours.HoldUntil(settings, number, now) is { } held)
                {
                    Assert.True(held > now, $"{number} {start}-{end} at {now:O}: {held:O}");
                    Assert.Null(QuietHours.HoldUntil(settings, number, held));
                    Assert.Equal(held, QuietHours.HoldUntil(settings, number, held.AddTicks(-1)));
                }
            }
        }
    }

    [Fact]
    public void QuietHoursSettings_RoundTripsThroughTheOrleansSerializer()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var settings = new QuietHoursSettings(false, new TimeOnly(20, 15), new TimeOnly(6, 45), "Europe/London");

        Assert.Equal(settings, serializer.Deserialize<QuietHoursSettings>(serializer.SerializeToArray(settings)));
    }
}
