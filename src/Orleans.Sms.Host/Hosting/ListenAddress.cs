namespace Orleans.Sms.Host.Hosting;

/// <summary>
/// Where the HTTP front listens: wherever ASP.NET Core is told (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c>), else <see cref="Default"/>, the port README names. A value in
/// appsettings.json would win over the environment, so the default lives here instead.
/// </summary>
internal static class ListenAddress
{
    public const string Default = "http://localhost:5080";

    public static WebApplicationBuilder UseDefaultListenAddressWhenUnset(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey]))
        {
            builder.WebHost.UseUrls(Default);
        }
        return builder;
    }
}
