using Microsoft.Extensions.Options;

namespace Orleans.Sms.Agents;

/// <summary>Agent turn settings. Bound from <c>Sms:Agent</c>.</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Sms:Agent";

    /// <summary>Inbound messages arriving within this window are handed to the agent as one batch.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromSeconds(7);
}

internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var failures = new List<string>();
        OptionChecks.NotNegative(failures, $"{AgentOptions.SectionName}:BatchWindow", options.BatchWindow);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
