using System.Reflection;
using Orleans.Sms.Conversations;
using Orleans.Sms.Events;

namespace Orleans.Sms.Client.Tests;

/// <summary>
/// What a service that takes the SDK (Orleans.Sms.Client and Orleans.Sms.Abstractions) gets: no engine assemblies, and
/// only the grain calls a client service may make (issue 13: "the SDK is what other services need").
/// </summary>
public sealed class SdkBoundaryTests
{
    // Engine assemblies and what they bring: grains, storage and providers, phone-number parsing, AI. (Orleans.Runtime
    // is not among them: Orleans' Azure clustering package, which the client needs for the gateway list, references it.)
    private static readonly string[] EnginePrefixes =
    [
        "Orleans.Sms.Grains", "Orleans.Sms.AzureStorage", "Orleans.Sms.Server", "Orleans.Sms.Twilio", "Orleans.Sms.Host",
        "PhoneNumbers", "Microsoft.Extensions.AI", "Orleans.Persistence.", "Orleans.Reminders", "Twilio", "CsvHelper",
    ];

    [Fact]
    public void ClientAndAbstractions_ReferenceNoEngineAssembly_Transitively()
    {
        var references = ReferencesOf(typeof(SmsEngine).Assembly);

        Assert.Contains("Orleans.Sms.Abstractions", references);
        Assert.Contains("Orleans.Clustering.AzureStorage", references);
        Assert.DoesNotContain(references, name => EnginePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void Abstractions_GrainInterfaces_AreExactlyWhatTheSdkCalls()
    {
        var interfaces = typeof(IConversationGrain).Assembly.GetExportedTypes()
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "Orleans.Sms.Conversations.IConversationGrain",
                "Orleans.Sms.Conversations.IOutboundGrain",
                "Orleans.Sms.Events.ICampaignEventObserver",
                "Orleans.Sms.Events.IConversationEventObserver",
                "Orleans.Sms.Events.ITenantEventsGrain",
            ],
            interfaces);
    }

    [Fact]
    public void ConversationGrain_PublicMethods_ReadUpdateReplyAndCloseOnly()
    {
        // Inbound messages, delivery reports and session starts are the engine's (IConversationEngineGrain).
        Assert.Equal(
            ["CloseSessionAsync", "GetAsync", "GetSessionsAsync", "ReplyAsync", "UpdateAsync"],
            MethodsOf(typeof(IConversationGrain)));
    }

    [Fact]
    public void TenantEventsGrain_PublicMethods_SubscribeAndUnsubscribeOnly()
    {
        // Publishing is the engine's (ITenantEventsEngineGrain): a client cannot show subscribers an event that did not happen.
        Assert.Equal(
            ["SubscribeAsync", "SubscribeCampaignsAsync", "UnsubscribeAsync", "UnsubscribeCampaignsAsync"],
            MethodsOf(typeof(ITenantEventsGrain)));
    }

    private static IEnumerable<string> MethodsOf(Type grainInterface) =>
        grainInterface.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name).Order(StringComparer.Ordinal);

    /// <summary>Every assembly <paramref name="root"/> references, directly or through the assemblies it references.</summary>
    private static SortedSet<string> ReferencesOf(Assembly root)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>(root.GetReferencedAssemblies());
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name.Name!) || IsFramework(name.Name!))
            {
                continue;
            }
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Push(reference);
            }
        }
        return seen;
    }

    // The shared framework references only itself: walking it would only slow the test down.
    private static bool IsFramework(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal) || name == "System";
}
