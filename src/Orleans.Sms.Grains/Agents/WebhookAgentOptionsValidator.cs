namespace Orleans.Sms.Agents;

/// <summary>Checks <see cref="WebhookAgentOptions"/> at start-up and reports every failure at once, by configuration key.</summary>
internal sealed class WebhookAgentOptionsValidator : IValidateOptions<WebhookAgentOptions>
{
    private const string Section = WebhookAgentOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, WebhookAgentOptions options)
    {
        var failures = new List<string>();
        var max = WebhookAgentOptions.MaxTotalTimeout;
        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(1) || options.AttemptTimeout > max)
        {
            failures.Add($"{Section}:AttemptTimeout must be between 1 ms and {max} (got '{options.AttemptTimeout}').");
        }

        if (options.TotalTimeout < options.AttemptTimeout || options.TotalTimeout > max)
        {
            failures.Add($"{Section}:TotalTimeout must be at least AttemptTimeout and at most {max}, "
                + $"under the 30 s an agent turn is given (got '{options.TotalTimeout}').");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add($"{Section}:MaxAttempts must be between 1 and 10 (got {options.MaxAttempts}).");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > options.MaxRetryDelay)
        {
            failures.Add($"{Section}:RetryDelay must be zero or more and at most MaxRetryDelay (got '{options.RetryDelay}').");
        }

        if (options.MaxRetryDelay > max)
        {
            failures.Add($"{Section}:MaxRetryDelay must be at most {max} (got '{options.MaxRetryDelay}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
