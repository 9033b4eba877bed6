using Microsoft.Extensions.Options;

namespace Orleans.Sms.Agents;

/// <summary>Agent turn settings. Bound from <c>Sms:Agent</c>.</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Sms:Agent";

    /// <summary>Inbound messages arriving within this window are handed to the agent as one batch.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromSeconds(7);

    /// <summary>
    /// Agent turns one silo runs at once (each holds a call to an agent); more wait for a slot, at most
    /// <see cref="AgentTurnLimiter.MaxWait"/>, and are then reported failed (the conversation becomes <c>follow_up</c>).
    /// </summary>
    public int MaxConcurrentTurns { get; set; } = 256;

    /// <summary>
    /// Whether webhook agents may be on loopback and private networks (127/8, 10/8, 172.16/12, 192.168/16, fc00::/7,
    /// ::1). Off by default: a tenant could otherwise make the engine call services next to it (docs/api.md: Boundaries). Set it
    /// when agents run beside the engine. Link-local and cloud-metadata addresses stay refused either way.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}

internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var failures = new List<string>();
        OptionChecks.NotNegative(failures, $"{AgentOptions.SectionName}:BatchWindow", options.BatchWindow);
        if (options.MaxConcurrentTurns < 1)
        {
            failures.Add($"{AgentOptions.SectionName}:MaxConcurrentTurns must be at least 1 (got {options.MaxConcurrentTurns}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
