using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orleans.Sms.Host.Hosting;

/// <summary><c>X-Admin-Key</c> against <c>Sms:AdminKey</c>, compared in constant time. No admin key configured: every request fails.</summary>
internal sealed class AdminKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SmsHostOptions host) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminKey";
    public const string Header = "X-Admin-Key";
    public const string Policy = "admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (presented.Length == 0 || string.IsNullOrEmpty(host.AdminKey))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(host.AdminKey));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong admin key."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, Policy)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties) =>
        await Problems.Unauthorized($"Send the admin key (Sms:AdminKey) in the {Header} header.").ExecuteAsync(Context);
}
