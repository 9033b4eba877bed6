namespace Orleans.Sms.Samples.ClientService;

/// <summary>What the sample sends: a recipient and a message from the command line.</summary>
/// <param name="To">The recipient, any common format.</param>
/// <param name="Message">The opening message of the session.</param>
internal sealed record class DemoRequest(string To, string Message)
{
    public const string DefaultMessage = "Hello from Orleans.Sms.Samples.ClientService! Reply and the echo agent answers.";

    /// <summary>Positional arguments (recipient, message) apart from configuration switches (<c>--Key=value</c>).</summary>
    public static (IReadOnlyList<string> Positional, string[] Switches) SplitArguments(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith('-')).ToList();
        return (positional, args.Except(positional).ToArray());
    }
}
