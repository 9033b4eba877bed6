using System.Text;

namespace Orleans.Sms.Samples.Tests;

/// <summary>Each path of the dialogue, over HTTP, with engine-shaped signed turns and exact answers.</summary>
[Collection(ReminderAgentCollection.Name)]
public sealed class ReminderScriptTests(ReminderAgentFactory agent)
{
    private const string Reminded = """{"patient":"Ana","appointment":"Tue 3 Mar 09:00","clinic":"Smile Dental","stage":"reminded"}""";
    private const string Rescheduling = """{"patient":"Ana","appointment":"Tue 3 Mar 09:00","clinic":"Smile Dental","stage":"rescheduling"}""";
    private const string Help = """{"reply":"Sorry, I did not get that. Reply C to confirm, R to reschedule or X to cancel."}""";

    [Fact]
    public async Task Opening_FromContext_WritesTheReminder()
    {
        var (status, body) = await agent.TurnAsync(EngineTurns.Opening());

        Assert.Equal(200, status);
        Assert.Equal($$$"""{"reply":"{{{EngineTurns.Reminder}}}","context":{"stage":"reminded"}}""", body);
    }

    [Fact]
    public async Task Opening_WithoutPatientOrClinic_StillReminds()
    {
        var (_, body) = await agent.TurnAsync(EngineTurns.Opening("""{"appointment":"Fri 6 Mar 14:30"}"""));

        Assert.Equal(
            """{"reply":"Hi, this is your clinic: a reminder of your appointment on Fri 6 Mar 14:30. Reply C to confirm, R to reschedule or X to cancel.","context":{"stage":"reminded"}}""",
            body);
    }

    [Fact]
    public async Task Opening_WithoutAppointment_HasNoReply()
    {
        var (status, body) = await agent.TurnAsync(EngineTurns.Opening("{}"));

        Assert.Equal(200, status);
        Assert.Equal("""{"reply":null}""", body);
    }

    [Theory]
    [InlineData("C")]
    [InlineData("c")]
    [InlineData(" c. ")]
    [InlineData("confirm")]
    [InlineData("Yes!")]
    public async Task Messages_Confirm_CompletesAndEnds(string text)
    {
        var (status, body) = await agent.TurnAsync(EngineTurns.Messages(Reminded, text));

        Assert.Equal(200, status);
        Assert.Equal(
            """{"reply":"Thank you Ana! Your appointment on Tue 3 Mar 09:00 is confirmed. See you then.","status":"completed","end_session":true,"context":{"stage":"confirmed"}}""",
            body);
    }

    [Theory]
    [InlineData("R")]
    [InlineData("reschedule")]
    public async Task Messages_Reschedule_AsksForADay(string text)
    {
        var (_, body) = await agent.TurnAsync(EngineTurns.Messages(Reminded, text));

        Assert.Equal(
            """{"reply":"No problem. Which day would suit you better? Reply with a day of the week, e.g. Thursday.","context":{"stage":"rescheduling"}}""",
            body);
    }

    [Theory]
    [InlineData("Thursday", "Thursday")]
    [InlineData("thu morning please", "Thursday")]
    [InlineData("Maybe Monday?", "Monday")]
    public async Task Messages_DayWhileRescheduling_HandsOverAsFollowUp(string text, string day)
    {
        var earlier = new[] { EngineTurns.Inbound("R", 2), EngineTurns.Outbound("No problem. Which day would suit you better?", 3) };

        var (_, body) = await agent.TurnAsync(EngineTurns.Messages(Rescheduling, earlier, text));

        Assert.Equal(
            $$$"""{"reply":"Thanks, noted: {{{day}}}. Someone from Smile Dental will contact you to book the new time.","status":"follow_up","end_session":true,"context":{"stage":"reschedule_requested","preferred_day":"{{{day}}}"}}""",
            body);
    }

    [Fact]
    public async Task Messages_NoDayWhileRescheduling_AsksAgain()
    {
        var (_, body) = await agent.TurnAsync(EngineTurns.Messages(Rescheduling, "whenever"));

        Assert.Equal(
            """{"reply":"Which day would suit you better? Reply with a day of the week, e.g. Thursday. Or reply X to cancel."}""",
            body);
    }

    [Fact]
    public async Task Messages_DayWithoutRescheduling_IsHelp()
    {
        var (_, body) = await agent.TurnAsync(EngineTurns.Messages(Reminded, "Thursday"));

        Assert.Equal(Help, body);
    }

    [Theory]
    [InlineData("X", Reminded)]
    [InlineData("cancel", Reminded)]
    [InlineData("x", Rescheduling)]
    public async Task Messages_Cancel_IsIncompleteAndEnds(string text, string context)
    {
        var (_, body) = await agent.TurnAsync(EngineTurns.Messages(context, text));

        Assert.Equal(
            """{"reply":"Your appointment on Tue 3 Mar 09:00 is cancelled. Text or call us whenever you want to book again.","status":"incomplete","end_session":true,"context":{"stage":"cancelled"}}""",
            body);
    }

    [Theory]
    [InlineData("What time is it?")]
    [InlineData("")]
    [InlineData("C please")]
    public async Task Messages_Other_IsHelp(string text)
    {
        var (status, body) = await agent.TurnAsync(EngineTurns.Messages(Reminded, text));

        Assert.Equal(200, status);
        Assert.Equal(Help, body);
    }

    [Fact]
    public async Task Messages_Batch_AnswersTheNewestMessage()
    {
        var (_, body) = await agent.TurnAsync(EngineTurns.Messages(Reminded, "hmm let me check", "ok", "C"));

        Assert.Equal(
            """{"reply":"Thank you Ana! Your appointment on Tue 3 Mar 09:00 is confirmed. See you then.","status":"completed","end_session":true,"context":{"stage":"confirmed"}}""",
            body);
    }

    [Fact]
    public async Task SessionStarted_CustomerTextsFirst_IsAnsweredLikeMessages()
    {
        var (_, body) = await agent.TurnAsync(EngineTurns.CustomerFirst("""{"patient":"Ana"}""", "C"));

        Assert.Equal(
            """{"reply":"Thank you Ana! Your appointment is confirmed. See you then.","status":"completed","end_session":true,"context":{"stage":"confirmed"}}""",
            body);
    }

    [Fact]
    public async Task WarningTimeout_HasNoReply()
    {
        var (status, body) = await agent.TurnAsync(EngineTurns.WarningTimeout(Reminded));

        Assert.Equal(200, status);
        Assert.Equal("""{"reply":null}""", body);
    }

    [Fact]
    public async Task Messages_EngineBodyVerbatim_IsUnderstood()
    {
        // Byte for byte the body the engine's own webhook test expects it to send, with this agent's context.
        var body = Encoding.UTF8.GetBytes(
            """{"event":"messages","conversation_id":"conv_1","session_id":"ses_1","channel_type":"sms","use_case_id":"uc_1","agent_number":"+15550001111","customer_number":"+15552223333","context":{"patient":"Ana","appointment":"Tue 3 Mar 09:00","clinic":"Smile Dental","stage":"reminded"},"messages":[{"message_id":"msg_2","session_id":"ses_1","direction":"inbound","role":"user","source":"inbound","body":"X","timestamp":"2026-03-01T10:03:00+00:00","segments":1,"encoding":"GSM-7","provider_message_sid":"SM0002","delivery_status":"received","error_code":null,"media":[]}],"transcript":[{"message_id":"msg_1","session_id":"ses_1","direction":"outbound","role":"agent","source":"api","body":"Hi Ana, time for your check-up! Reply to book.","timestamp":"2026-03-01T10:00:00+00:00","segments":1,"encoding":"GSM-7","provider_message_sid":"SM0001","delivery_status":"delivered","error_code":null,"media":[]},{"message_id":"msg_2","session_id":"ses_1","direction":"inbound","role":"user","source":"inbound","body":"X","timestamp":"2026-03-01T10:03:00+00:00","segments":1,"encoding":"GSM-7","provider_message_sid":"SM0002","delivery_status":"received","error_code":null,"media":[]}]}""");

        var (status, answer) = await agent.TurnAsync(body);

        Assert.Equal(200, status);
        Assert.Equal(
            """{"reply":"Your appointment on Tue 3 Mar 09:00 is cancelled. Text or call us whenever you want to book again.","status":"incomplete","end_session":true,"context":{"stage":"cancelled"}}""",
            answer);
    }
}
