namespace Orleans.Sms.Twilio;

/// <summary>Checks <see cref="TwilioProviderOptions"/> at start-up and reports every failure at once, by configuration key.</summary>
internal sealed class TwilioProviderOptionsValidator : IValidateOptions<TwilioProviderOptions>
{
    private const string Section = TwilioProviderOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TwilioProviderOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccountSid))
        {
            failures.Add($"{Section}:AccountSid is required when Sms:Provider is Twilio.");
        }
        else if (!options.AccountSid.StartsWith("AC", StringComparison.Ordinal))
        {
            failures.Add($"{Section}:AccountSid must be an account SID starting with 'AC' (got '{options.AccountSid}').");
        }

        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            failures.Add($"{Section}:AuthToken is required when Sms:Provider is Twilio.");
        }

        if (options.BaseUrl is not null && !IsHttpOrigin(options.BaseUrl))
        {
            failures.Add($"{Section}:BaseUrl must be an absolute http(s) URL (got '{options.BaseUrl}').");
        }

        if (!IsHttpOrigin(options.PublicBaseUrl))
        {
            failures.Add($"{TwilioProviderOptions.PublicBaseUrlKey} must be the absolute http(s) URL Twilio reaches this host at, "
                + $"to build the webhook and status-callback URLs (got '{options.PublicBaseUrl}').");
        }

        if (options.RequestTimeout < TimeSpan.FromMilliseconds(1) || options.RequestTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:RequestTimeout must be between 1 ms and 1 day (got '{options.RequestTimeout}').");
        }

        if (options.TotalTimeout < options.RequestTimeout || options.TotalTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:TotalTimeout must be at least RequestTimeout and at most 1 day (got '{options.TotalTimeout}').");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{Section}:MaxRetries must be between 0 and 10 (got {options.MaxRetries}).");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > options.MaxRetryDelay)
        {
            failures.Add($"{Section}:RetryDelay must be zero or more and at most MaxRetryDelay (got '{options.RetryDelay}').");
        }

        if (options.MaxRetryDelay > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:MaxRetryDelay must be at most 1 day (got '{options.MaxRetryDelay}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpOrigin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
