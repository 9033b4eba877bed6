using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Orleans.Sms.Host.Hosting;

/// <summary>Recognises the start-up failures an operator causes (a bad setting, a port in use) and says them in one line.</summary>
internal static class StartupFailure
{
    /// <summary>The logger category that writes "Hosting failed to start" with the whole stack; Program says it in one line instead.</summary>
    public const string HostLifetimeCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public static bool IsOperatorError(Exception ex) => Unwrap(ex) switch
    {
        OptionsValidationException => true,
        // The binder's "Failed to convert configuration value at 'Sms:...' to type ..." names the key.
        InvalidOperationException { Message: var message } => message.Contains("configuration value", StringComparison.OrdinalIgnoreCase),
        var other => IsAddressInUse(other),
    };

    public static string Describe(Exception ex) => Unwrap(ex) switch
    {
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        var other when IsAddressInUse(other) =>
            $"{other.Message.ReplaceLineEndings(" ")} Another process (another engine?) holds the HTTP port: choose another with " +
            "Urls, --urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS.",
        var other => other.Message.ReplaceLineEndings(" "),
    };

    /// <summary>Kestrel's "Failed to bind to address …: address already in use".</summary>
    private static bool IsAddressInUse(Exception ex) =>
        ex is IOException { InnerException: AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } };

    private static Exception Unwrap(Exception ex) => ex switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => ex,
    };
}
