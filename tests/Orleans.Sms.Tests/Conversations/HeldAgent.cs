using System.Collections.Concurrent;
using Orleans.Sms.Agents;

namespace Orleans.Sms.Tests.Conversations;

/// <summary>
/// An agent scripted per conversation: its first <see cref="Script.Hold"/> calls block until the test releases them (a
/// worker whose report never comes), later ones answer at once. Each answer names its call, so the test sees which ask replied.
/// </summary>
public sealed class HeldAgent : ISmsAgent
{
    public const string Type = "held";

    private readonly ConcurrentDictionary<string, Script> _scripts = new();

    public Script In(string conversationId) => _scripts.GetOrAdd(conversationId, _ => new Script());

    public Task<AgentReply> RespondAsync(AgentTurn turn, CancellationToken cancellationToken) =>
        In(turn.ConversationId).RespondAsync(turn, cancellationToken);

    /// <summary>Lets every held call go (as a failure), so no worker is left waiting when the cluster stops.</summary>
    public void Abandon()
    {
        foreach (var script in _scripts.Values)
        {
            script.Abandon();
        }
    }

    public sealed class Script
    {
        private readonly Lock _gate = new();
        private readonly List<TaskCompletionSource> _seen = [];
        private readonly List<TaskCompletionSource<bool>> _releases = [];
        private int _calls;

        /// <summary>How many first calls are held.</summary>
        public int Hold { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>The barrier: completes once the agent has seen call <paramref name="call"/> (1-based).</summary>
        public Task SeenAsync(int call) => Slot(_seen, call).Task.WaitAsync(TimeSpan.FromSeconds(15));

        /// <summary>Lets held call <paramref name="call"/> answer.</summary>
        public void Release(int call) => Slot(_releases, call).TrySetResult(true);

        internal void Abandon()
        {
            lock (_gate)
            {
                _releases.ForEach(r => r.TrySetResult(false));
            }
        }

        internal async Task<AgentReply> RespondAsync(AgentTurn turn, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            var release = Slot(_releases, call);
            Slot(_seen, call).TrySetResult();
            if (call <= Hold && !await release.Task.WaitAsync(cancellationToken))
            {
                throw new AgentFailedException("abandoned by the test");
            }
            return new AgentReply($"answer {call}: {string.Join("\n", turn.Messages.Select(m => m.Body))}");
        }

        private T Slot<T>(List<T> slots, int call) where T : new()
        {
            lock (_gate)
            {
                while (slots.Count < call)
                {
                    slots.Add(new T());
                }
                return slots[call - 1];
            }
        }
    }
}

/// <summary>
/// The turn reports (<c>CompleteAgentTurnAsync</c>) conversations have handled, counted per conversation: the barrier for
/// a late report. A silo marked <see cref="Crash">crashed</see> handles none any more, as a dead process would (the
/// in-process cluster's kill still lets running requests finish, and their reports would otherwise land on the dying silo).
/// </summary>
public sealed class TurnReports
{
    private readonly ConcurrentDictionary<string, int> _handled = new();
    private readonly ConcurrentDictionary<SiloAddress, bool> _crashed = new();

    public int Handled(string conversationId) => _handled.GetValueOrDefault(conversationId);

    public void Crash(SiloAddress silo) => _crashed[silo] = true;

    public Task HandledAsync(string conversationId, int reports) =>
        Eventually.TrueAsync(() => Task.FromResult(Handled(conversationId) >= reports), $"{reports} turn reports to be handled");

    /// <summary>The filter of one silo.</summary>
    public IIncomingGrainCallFilter On(SiloAddress silo) => new Filter(this, silo);

    private sealed class Filter(TurnReports reports, SiloAddress silo) : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.Name != nameof(IAgentTurnCallback.CompleteAgentTurnAsync))
            {
                await context.Invoke();
                return;
            }
            if (reports._crashed.ContainsKey(silo))
            {
                return; // lost with the silo
            }
            await context.Invoke();
            reports._handled.AddOrUpdate(context.TargetId.Key.ToString()!, 1, (_, n) => n + 1);
        }
    }
}
