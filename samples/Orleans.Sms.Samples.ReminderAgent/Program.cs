using Orleans.Sms.Samples.ReminderAgent;
using Orleans.Sms.Samples.ReminderAgent.Apis;

// The agent the engine calls for each turn of a reminder conversation (POST /agent), on the URL from `Urls`.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptionsWithValidateOnStart<ReminderAgentOptions>()
    .BindConfiguration(ReminderAgentOptions.SectionName)
    .Validate(o => !string.IsNullOrWhiteSpace(o.Secret),
        "ReminderAgent:Secret is required: the same secret as the use case's webhook agent, e.g. --ReminderAgent:Secret=...");

var app = builder.Build();
app.MapAgentApi();
app.Run();
