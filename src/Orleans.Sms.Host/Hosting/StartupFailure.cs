using Microsoft.Extensions.Options;

namespace Orleans.Sms.Host.Hosting;

/// <summary>Recognises configuration errors at start-up and says them in one line.</summary>
internal static class StartupFailure
{
    public static bool IsConfiguration(Exception ex) => Unwrap(ex) switch
    {
        OptionsValidationException => true,
        // The binder's "Failed to convert configuration value at 'Sms:...' to type ..." names the key.
        InvalidOperationException { Message: var message } => message.Contains("configuration value", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static string Describe(Exception ex) => Unwrap(ex) switch
    {
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        var other => other.Message.ReplaceLineEndings(" "),
    };

    private static Exception Unwrap(Exception ex) => ex switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => ex,
    };
}
