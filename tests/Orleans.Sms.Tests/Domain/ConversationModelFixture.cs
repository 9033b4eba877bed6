using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

/// <summary>A conversation's state, what its decisions owe and the model over them, fresh for each test.</summary>
public abstract class ConversationModelFixture
{
    private protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private protected static readonly SessionOptions Options = new();
    private protected static readonly ConversationRoute Route = new("tn_1", "uc_1", "live");

    protected ConversationModelFixture() => Usage = new OwedUsageBook(State);

    private protected ConversationState State { get; } = new();

    private protected ConversationEffects Effects { get; } = new();

    private protected OwedUsageBook Usage { get; }

    private protected ConversationModel Model => new(State, "conv_1", Options, Effects, Usage);

    private protected static ConversationModel Other(ConversationState state, string id = "conv_2") =>
        new(state, id, Options, new ConversationEffects(), new OwedUsageBook(state));

    private protected static InboundSms Sms(string body, string sid = "SM1") => new(sid, "+15550000001", "+15550000002", body, []);

    private protected SessionRecord InSession()
    {
        Model.Adopt(Route, "+15550000002", "+15550000001");
        return Model.StartSession(T0);
    }
}
