using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Messaging;
using Orleans.Sms.Templates;

namespace Orleans.Sms.Tests.Templates;

public sealed class MessageTemplateTests
{
    private static MessageTemplate Template(string text) => MessageTemplate.Parse(text).Template!;

    [Theory]
    [InlineData("{name}", "Ann Lee")]
    [InlineData("{first_name}", "Ann")]
    [InlineData("{last_name}", "Lee")]
    [InlineData("{company}", "Acme")]
    [InlineData("{email}", "ann@example.com")]
    [InlineData("{phone_number}", "+14155550142")]
    [InlineData("{fields.plan}", "Pro")]
    [InlineData("Hi {first_name}, your {fields.plan} plan renews {fields.renewal_date}.", "Hi Ann, your Pro plan renews May 1.")]
    [InlineData("{ first_name }!", "Ann!")]
    [InlineData("{first_name|there}", "Ann")]
    public void Fill_PresentValues_ReplaceTheirVariables(string text, string expected)
    {
        var fill = Template(text).Fill(TemplateContacts.Ann());

        Assert.True(fill.Succeeded);
        Assert.Equal(expected, fill.Text);
        Assert.Null(fill.MissingVariable);
        Assert.Null(fill.ToError());
    }

    [Theory]
    [InlineData("Hi {first_name|there}!", "Hi there!")]
    [InlineData("Hi { first_name | there }!", "Hi there!")]
    [InlineData("Hi {first_name|}!", "Hi !")]
    [InlineData("{company|your company|team}", "your company|team")]
    [InlineData("{fields.plan|Basic} plan", "Basic plan")]
    public void Fill_MissingValue_UsesTheLiteralFallback(string text, string expected)
    {
        Assert.Equal(expected, Template(text).Fill(TemplateContacts.Bare()).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Fill_NullOrBlankValue_IsMissing(string? firstName)
    {
        var contact = TemplateContacts.Ann() with { FirstName = firstName };

        var fill = Template("Hi {first_name}").Fill(contact);

        Assert.False(fill.Succeeded);
        Assert.Null(fill.Text);
        Assert.Equal("first_name", fill.MissingVariable);
        Assert.Equal("there", Template("{first_name|there}").Fill(contact).Text);
    }

    [Theory]
    [InlineData("Plan: {fields.tier}", "fields.tier")]       // absent key
    [InlineData("Plan: {fields.blank}", "fields.blank")]     // blank value
    [InlineData("{company} {last_name}", "company")]         // the first missing one, in template order
    [InlineData("{first_name|x} {email}", "email")]
    public void Fill_MissingWithoutFallback_NamesTheVariable(string text, string variable)
    {
        var contact = TemplateContacts.Ann(new Dictionary<string, string> { ["blank"] = " " }) with { Company = null, Email = " " };

        var fill = Template(text).Fill(contact);

        Assert.Equal(variable, fill.MissingVariable);
        var error = fill.ToError()!;
        Assert.Equal(SmsErrorCodes.TemplateVariableMissing, error.Code);
        Assert.Contains($"'{variable}'", error.Detail);
        Assert.Equal(variable, error.Extensions![TemplateFill.VariableExtension]);
    }

    [Theory]
    [InlineData("{{{first_name}}}", "{Ann}")]
    [InlineData("{{first_name}}", "{first_name}")]
    [InlineData("}}{{", "}{")]
    [InlineData("{{{{{first_name}}}}}", "{{Ann}}")]
    [InlineData("a{{b}}c{first_name}d{{", "a{b}cAnnd{")]
    public void Fill_DoubledBraces_AreLiteralBraces(string text, string expected)
    {
        Assert.Equal(expected, Template(text).Fill(TemplateContacts.Ann()).Text);
    }

    [Fact]
    public void Fill_ValueWithBraces_IsNotReadAsATemplate()
    {
        var contact = TemplateContacts.Ann() with { FirstName = "{last_name}}" };

        Assert.Equal("Hi {last_name}}", Template("Hi {first_name}").Fill(contact).Text);
    }

    [Fact]
    public void Fill_TextWithoutVariables_IsTheTextForEveryContact()
    {
        var template = Template("Sale ends Friday. Reply STOP to opt out.");

        Assert.Equal("Sale ends Friday. Reply STOP to opt out.", template.Fill(TemplateContacts.Ann()).Text);
        Assert.Equal("Sale ends Friday. Reply STOP to opt out.", template.Fill(TemplateContacts.Bare()).Text);
    }

    [Fact]
    public void Fill_OneTemplate_ManyContacts()
    {
        var template = Template("Hi {first_name|there}, {company|}");

        Assert.Equal("Hi Ann, Acme", template.Fill(TemplateContacts.Ann()).Text);
        Assert.Equal("Hi there, ", template.Fill(TemplateContacts.Bare()).Text);
        Assert.Equal("Hi Bo, Acme", template.Fill(TemplateContacts.Ann() with { FirstName = "Bo" }).Text);
    }

    [Fact]
    public void Fill_GsmName_StaysGsm7_NameWithPolishL_MakesItUcs2()
    {
        var template = Template("Hi {first_name}, your order is ready.");

        Assert.Equal(new SegmentCount(1, SmsEncoding.Gsm7), template.Fill(TemplateContacts.Ann()).Segments);
        var ucs2 = template.Fill(TemplateContacts.Ann() with { FirstName = "Michał" });
        Assert.Equal("Hi Michał, your order is ready.", ucs2.Text);
        Assert.Equal(new SegmentCount(1, SmsEncoding.Ucs2), ucs2.Segments);
    }

    [Fact]
    public void Fill_SegmentsCountTheFilledText_NotTheTemplate()
    {
        // 150 + "Ann" = 153 GSM-7 characters: one segment; with a 70-character UCS-2 name 220 units: four 67-unit parts.
        var template = Template(new string('a', 150) + "{first_name}");

        Assert.Equal(new SegmentCount(1, SmsEncoding.Gsm7), template.Fill(TemplateContacts.Ann()).Segments);
        var longName = template.Fill(TemplateContacts.Ann() with { FirstName = new string('ł', 70) });
        Assert.Equal(new SegmentCount(4, SmsEncoding.Ucs2), longName.Segments);
        Assert.Null(template.Fill(TemplateContacts.Bare()).Segments);
    }

    [Fact]
    public void Fill_1600Characters_IsSendable_1601_IsInvalidMessage()
    {
        var template = Template(new string('a', 1597) + "{first_name}");

        var exact = template.Fill(TemplateContacts.Ann());
        Assert.Equal(1600, exact.Length);
        Assert.False(exact.IsTooLong);
        Assert.Null(exact.ToError());
        Assert.Equal(new SegmentCount(11, SmsEncoding.Gsm7), exact.Segments);

        var over = template.Fill(TemplateContacts.Ann() with { FirstName = "Anna" });
        Assert.True(over.Succeeded);
        Assert.Equal(1601, over.Length);
        Assert.True(over.IsTooLong);
        Assert.Equal(SmsErrorCodes.InvalidMessage, over.ToError()!.Code);
        Assert.Contains("1601", over.ToError()!.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{first_name|}")]
    [InlineData(" {company|} ")]
    public void Fill_BlankText_IsInvalidMessage(string text)
    {
        var fill = Template(text).Fill(TemplateContacts.Bare());

        Assert.True(fill.Succeeded);
        Assert.Equal(SmsErrorCodes.InvalidMessage, fill.ToError()!.Code);
    }

    [Fact]
    public void Fill_AllocatesLittleMoreThanItsText()
    {
        var template = Template("Hi {first_name|there}, your {fields.plan} plan renews {fields.renewal_date}.");
        var contact = TemplateContacts.Ann();
        template.Fill(contact);

        const int fills = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < fills; i++)
        {
            template.Fill(contact);
        }
        var perFill = (GC.GetAllocatedBytesForCurrentThread() - before) / fills;

        // "Hi Ann, your Pro plan renews May 1." is ~96 bytes and the result ~32: no builder, no per-variable strings, no closure.
        Assert.InRange(perFill, 1, 160);
    }

    [Theory]
    [InlineData("name", "Ann Lee")]
    [InlineData("first_name", "Ann")]
    [InlineData("last_name", "Lee")]
    [InlineData("company", "Acme")]
    [InlineData("email", "ann@example.com")]
    [InlineData("phone_number", "+14155550142")]
    [InlineData("fields.plan", "Pro")]
    [InlineData("fields.absent", null)]
    [InlineData("external_id", null)]
    [InlineData("fields.Plan", null)]
    [InlineData("nope", null)]
    public void ContactVariables_Get_MapsVariablesToContactValues(string variable, string? expected)
    {
        Assert.Equal(expected, ContactVariables.Get(TemplateContacts.Ann(), variable));
        Assert.Equal(expected is not null || variable == "fields.absent", ContactVariables.IsKnown(variable));
    }
}
