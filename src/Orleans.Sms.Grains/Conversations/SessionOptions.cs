using Microsoft.Extensions.Options;

namespace Orleans.Sms.Conversations;

/// <summary>Session timers (docs/api.md: Session lifecycle; README.md: Configuration). Bound from <c>Sms:Session</c>.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sms:Session";

    /// <summary>Silence after which an engaged session gets the warning message.</summary>
    public TimeSpan WarningAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Time to reply after the warning before the session ends with <c>timeout</c>.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A never-engaged session ends with <c>expired</c> after this much silence.</summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromDays(30);
}

internal sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        var failures = new List<string>();
        OptionChecks.Positive(failures, $"{SessionOptions.SectionName}:WarningAfter", options.WarningAfter);
        OptionChecks.Positive(failures, $"{SessionOptions.SectionName}:GracePeriod", options.GracePeriod);
        OptionChecks.Positive(failures, $"{SessionOptions.SectionName}:ResumeWindow", options.ResumeWindow);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
