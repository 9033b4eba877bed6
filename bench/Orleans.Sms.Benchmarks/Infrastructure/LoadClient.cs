namespace Orleans.Sms.Benchmarks.Infrastructure;

/// <summary>The load generator's HTTP client: a plain pool of keep-alive HTTP/1.1 connections to 127.0.0.1.</summary>
internal static class LoadClient
{
    public static HttpClient Create(int maxConnections = 1024) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };
}
