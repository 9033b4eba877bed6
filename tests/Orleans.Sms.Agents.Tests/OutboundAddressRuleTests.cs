using System.Net;

namespace Orleans.Sms.Agents.Tests;

/// <summary>docs/api.md: Boundaries, address by address: what the engine may call for a tenant.</summary>
public sealed class OutboundAddressRuleTests
{
    private static readonly OutboundAddressRule Strict = new(AllowPrivateNetworks: false);
    private static readonly OutboundAddressRule Relaxed = new(AllowPrivateNetworks: true);

    [Theory]
    // 169.254.0.0/16, its edges and the cloud metadata endpoint
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.0")]
    [InlineData("169.254.255.255")]
    [InlineData("169.254.170.2")] // ECS task metadata
    // fe80::/10 and its edges
    [InlineData("fe80::1")]
    [InlineData("fe80::")]
    [InlineData("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("fe80::1%2")]
    // AWS's IPv6 metadata endpoint (inside fc00::/7, yet never allowed)
    [InlineData("fd00:ec2::254")]
    // the same, written as IPv6 forms of IPv4
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::169.254.169.254")]
    [InlineData("64:ff9b::169.254.169.254")]
    public void LinkLocalAndMetadata_RefusedEvenWithPrivateNetworksAllowed(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal(OutboundAddressVerdict.LinkLocal, OutboundAddressRule.Judge(ip));
        Assert.False(Strict.Allows(ip));
        Assert.False(Relaxed.Allows(ip));
    }

    [Theory]
    // loopback 127/8
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.0")]
    [InlineData("127.255.255.254")]
    [InlineData("127.1.2.3")]
    // 10/8
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    // 172.16/12, both edges
    [InlineData("172.16.0.0")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    // 192.168/16
    [InlineData("192.168.0.0")]
    [InlineData("192.168.1.1")]
    [InlineData("192.168.255.255")]
    // unspecified "this host"
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("::")]
    // IPv6 loopback and unique local fc00::/7, both halves and the far edge
    [InlineData("::1")]
    [InlineData("fc00::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    // IPv4-mapped, IPv4-compatible and NAT64 forms of the private ranges
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:172.20.0.1")]
    [InlineData("::ffff:192.168.0.10")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::10.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    public void LoopbackAndPrivate_RefusedUnlessPrivateNetworksAllowed(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal(OutboundAddressVerdict.Private, OutboundAddressRule.Judge(ip));
        Assert.False(Strict.Allows(ip));
        Assert.True(Relaxed.Allows(ip));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("1.1.1.1")]
    [InlineData("9.255.255.255")] // just below 10/8
    [InlineData("11.0.0.0")] // just above 10/8
    [InlineData("126.255.255.255")] // just below 127/8
    [InlineData("128.0.0.0")] // just above 127/8
    [InlineData("172.15.255.255")] // just below 172.16/12
    [InlineData("172.32.0.0")] // just above 172.16/12
    [InlineData("192.167.255.255")] // just below 192.168/16
    [InlineData("192.169.0.0")] // just above 192.168/16
    [InlineData("169.253.255.255")] // just below 169.254/16
    [InlineData("169.255.0.0")] // just above 169.254/16
    [InlineData("1.0.0.0")] // just above 0/8
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:db8::1")]
    [InlineData("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")] // just below fc00::/7
    [InlineData("fe00::1")] // between fc00::/7 and fe80::/10
    [InlineData("fec0::1")] // just above fe80::/10
    [InlineData("::8.8.8.8")] // IPv4-compatible form of a public address
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("64:ff9c::7f00:1")] // not the NAT64 prefix
    public void PublicAddresses_Allowed(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal(OutboundAddressVerdict.Allowed, OutboundAddressRule.Judge(ip));
        Assert.True(Strict.Allows(ip));
        Assert.True(Relaxed.Allows(ip));
    }

    [Fact]
    public void WellKnownAddressConstants_JudgedLikeTheirText()
    {
        Assert.Equal(OutboundAddressVerdict.Private, OutboundAddressRule.Judge(IPAddress.Loopback));
        Assert.Equal(OutboundAddressVerdict.Private, OutboundAddressRule.Judge(IPAddress.IPv6Loopback));
        Assert.Equal(OutboundAddressVerdict.Private, OutboundAddressRule.Judge(IPAddress.Any));
        Assert.Equal(OutboundAddressVerdict.Private, OutboundAddressRule.Judge(IPAddress.IPv6Any));
        Assert.Equal(OutboundAddressVerdict.Private, OutboundAddressRule.Judge(IPAddress.Loopback.MapToIPv6()));
    }
}
