using Orleans.Sms.Errors;
using Orleans.Sms.Templates;

namespace Orleans.Sms.Tests.Templates;

public sealed class MessageTemplateParseTests
{
    [Theory]
    [InlineData("Hi }", 3, "'}' without '{'")]
    [InlineData("a}}}", 3, "'}' without '{'")]
    [InlineData("{first_name}}", 12, "'}' without '{'")]
    [InlineData("{{first_name}", 12, "'}' without '{'")]
    [InlineData("Hi {first_name", 3, "'{' without '}'")]
    [InlineData("Hi {", 3, "'{' without '}'")]
    [InlineData("Hi {}", 3, "empty variable")]
    [InlineData("Hi { }", 3, "empty variable")]
    [InlineData("Hi {|there}", 3, "empty variable")]
    [InlineData("Hi {first_{name}}", 10, "'{' inside the variable opened at position 3")]
    [InlineData("Hi {first_name and {last_name}", 19, "'{' inside the variable opened at position 3")]
    [InlineData("Hi {first_name|{x}}", 15, "'{' inside the variable opened at position 3")]
    [InlineData("Hello {frist_name}", 6, "unknown variable 'frist_name'")]
    [InlineData("{First_Name}", 0, "unknown variable 'First_Name'")]
    [InlineData("{external_id}", 0, "unknown variable 'external_id'")]
    [InlineData("{first name}", 0, "unknown variable 'first name'")]
    [InlineData("{fields}", 0, "unknown variable 'fields'")]
    [InlineData("x {fields.}", 2, "invalid field key ''")]
    [InlineData("x {fields.Plan}", 2, "invalid field key 'Plan'")]
    [InlineData("x {fields.renewal-date}", 2, "invalid field key 'renewal-date'")]
    public void Parse_MalformedTemplate_IsInvalidTemplateAtPosition(string text, int position, string fault)
    {
        var parse = MessageTemplate.Parse(text);

        Assert.False(parse.Succeeded);
        Assert.Null(parse.Template);
        Assert.Equal(position, parse.Position);
        Assert.Equal(SmsErrorCodes.InvalidTemplate, parse.Error!.Code);
        Assert.Contains(fault, parse.Error.Detail);
        Assert.EndsWith($" at position {position}.", parse.Error.Detail);
        Assert.Equal(position.ToString(), parse.Error.Extensions![TemplateParse.PositionExtension]);
    }

    [Fact]
    public void Parse_UnknownVariable_DetailNamesItAndItsPosition()
    {
        var parse = MessageTemplate.Parse("Hello {frist_name}, welcome");

        Assert.Equal("Invalid template: unknown variable 'frist_name' at position 6.", parse.Error!.Detail);
    }

    [Fact]
    public void Parse_ReportsTheFirstFault()
    {
        var parse = MessageTemplate.Parse("{frist_name} } {");

        Assert.Equal(0, parse.Position);
        Assert.Contains("unknown variable 'frist_name'", parse.Error!.Detail);
    }

    [Fact]
    public void Parse_FieldKeyOf64_IsValid_65_IsNot()
    {
        var key64 = new string('k', 64);

        Assert.True(MessageTemplate.Parse($"{{fields.{key64}}}").Succeeded);
        Assert.Contains("invalid field key", MessageTemplate.Parse($"{{fields.{key64}k}}").Error!.Detail);
    }

    [Fact]
    public void Parse_ValidTemplate_ListsDistinctVariablesInOrderOfFirstUse()
    {
        var parse = MessageTemplate.Parse("{first_name} {last_name|x} {first_name|y} {fields.plan} {{name}} {phone_number}");

        Assert.True(parse.Succeeded);
        Assert.Null(parse.Error);
        Assert.Null(parse.Position);
        Assert.Equal(["first_name", "last_name", "fields.plan", "phone_number"], parse.Template!.Variables);
    }

    [Theory]
    [InlineData("{name}")]
    [InlineData("{first_name}")]
    [InlineData("{last_name}")]
    [InlineData("{company}")]
    [InlineData("{email}")]
    [InlineData("{phone_number}")]
    [InlineData("{fields.a_1}")]
    [InlineData("{ first_name }")]
    [InlineData("{\tfirst_name\t|\tthere\t}")]
    [InlineData("{first_name|}")]
    [InlineData("{first_name|a|b}")]
    public void Parse_EveryContractVariable_IsValid(string text)
    {
        Assert.True(MessageTemplate.Parse(text).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Hello, no variables here.")]
    [InlineData("{{literal}} braces only")]
    public void Parse_TextWithoutVariables_HasNone(string text)
    {
        var template = MessageTemplate.Parse(text).Template!;

        Assert.Empty(template.Variables);
        Assert.Equal(text, template.Text);
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => MessageTemplate.Parse(null!));
    }
}
