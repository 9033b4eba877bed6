using System.Net;
using System.Net.Sockets;

namespace Orleans.Sms.Agents;

/// <summary>What <see cref="OutboundAddressRule"/> says of one address.</summary>
public enum OutboundAddressVerdict
{
    /// <summary>A public address: the engine may call it.</summary>
    Allowed,

    /// <summary>Loopback, private or unspecified: called only with <c>Sms:Agent:AllowPrivateNetworks=true</c>.</summary>
    Private,

    /// <summary>Link-local or a cloud metadata endpoint: never called.</summary>
    LinkLocal,
}

/// <summary>
/// Which addresses the engine may call for a tenant (docs/api.md: Boundaries): link-local and cloud-metadata addresses never,
/// loopback and private ranges only when the operator allows private networks. IPv4-mapped IPv6 addresses are judged
/// as the IPv4 address they carry. Plain: no DNS, no I/O (<see cref="OutboundCallGuard"/> resolves and connects).
/// </summary>
/// <param name="AllowPrivateNetworks">The value of <c>Sms:Agent:AllowPrivateNetworks</c>.</param>
public sealed record class OutboundAddressRule(bool AllowPrivateNetworks)
{
    /// <summary>AWS's IPv6 instance metadata endpoint (fd00:ec2::254), inside fc00::/7 but never allowed.</summary>
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>The first 96 bits of the NAT64 well-known prefix 64:ff9b::/96 (RFC 6052).</summary>
    private static readonly byte[] Nat64Prefix = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>Whether <paramref name="address"/> may be called under this rule.</summary>
    public bool Allows(IPAddress address) => Judge(address) switch
    {
        OutboundAddressVerdict.Allowed => true,
        OutboundAddressVerdict.Private => AllowPrivateNetworks,
        _ => false,
    };

    /// <summary>The class of <paramref name="address"/>, whatever the rule allows.</summary>
    public static OutboundAddressVerdict Judge(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => JudgeV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => JudgeV6(address),
            _ => OutboundAddressVerdict.LinkLocal, // not an IP address: nothing to call
        };
    }

    private static OutboundAddressVerdict JudgeV4(byte[] b) => b switch
    {
        [169, 254, _, _] => OutboundAddressVerdict.LinkLocal,     // 169.254.0.0/16, metadata at 169.254.169.254
        [127, _, _, _] => OutboundAddressVerdict.Private,          // loopback 127.0.0.0/8
        [10, _, _, _] => OutboundAddressVerdict.Private,           // 10.0.0.0/8
        [172, >= 16 and <= 31, _, _] => OutboundAddressVerdict.Private, // 172.16.0.0/12
        [192, 168, _, _] => OutboundAddressVerdict.Private,        // 192.168.0.0/16
        [0, _, _, _] => OutboundAddressVerdict.Private,            // 0.0.0.0/8: "this host", reaches loopback on Linux
        _ => OutboundAddressVerdict.Allowed,
    };

    private static OutboundAddressVerdict JudgeV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.Equals(AwsMetadataV6) || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
        {
            return OutboundAddressVerdict.LinkLocal; // fe80::/10 and the metadata endpoint
        }
        if ((b[0] & 0xfe) == 0xfc)
        {
            return OutboundAddressVerdict.Private; // unique local fc00::/7
        }
        if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address))
        {
            return OutboundAddressVerdict.Private; // ::1 and :: (unspecified, reaches this host)
        }
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 || b.AsSpan(0, 12).SequenceEqual(Nat64Prefix))
        {
            // IPv4-compatible ::a.b.c.d (deprecated, some stacks still route it) and NAT64 64:ff9b::a.b.c.d carry an
            // IPv4 address the packet ends up at: judged as that address.
            return JudgeV4(b[12..]);
        }
        return OutboundAddressVerdict.Allowed;
    }
}
