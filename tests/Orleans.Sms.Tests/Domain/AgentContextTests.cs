using Orleans.Sms.Conversations;

namespace Orleans.Sms.Tests.Domain;

public sealed class AgentContextTests
{
    [Fact]
    public void Merge_UpdateMembersReplaceTopLevelKeysAndKeepTheOthers()
    {
        var merged = AgentContext.Merge("""{"patient":"Ana","step":1,"visit":{"day":"Mon"}}""", """{"step":2,"visit":{"time":"9"}}""");

        Assert.Equal("""{"patient":"Ana","step":2,"visit":{"time":"9"}}""", merged);
    }

    [Fact]
    public void Merge_NoCurrent_TakesTheUpdate()
    {
        Assert.Equal("""{"a":1}""", AgentContext.Merge(null, """{"a":1}"""));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void Merge_NoUpdateOrNotAnObject_KeepsTheCurrent(string? update)
    {
        Assert.Equal("""{"a":1}""", AgentContext.Merge("""{"a":1}""", update));
    }

    [Fact]
    public void Merge_ResultPastTheLimit_KeepsTheCurrent()
    {
        var current = $$"""{"a":"{{new string('x', AgentContext.MaxLength - 100)}}"}""";

        Assert.Same(current, AgentContext.Merge(current, $$"""{"b":"{{new string('y', 200)}}"}"""));
    }

    [Fact]
    public void Merge_ANullMember_IsKeptAsNull()
    {
        Assert.Equal("""{"a":null}""", AgentContext.Merge("""{"a":1}""", """{"a":null}"""));
    }
}
