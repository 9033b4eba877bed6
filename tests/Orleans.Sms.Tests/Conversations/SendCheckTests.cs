using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Numbers;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Tests.Conversations;

public sealed class SendCheckTests
{
    private const string UseCase = "uc_1";
    private const string Agent = "+15552000001";
    private const string Customer = "+15557000001";

    private static PhoneNumberInfo Number(PhoneNumberType type = PhoneNumberType.Mobile, string? useCase = UseCase, string[]? capabilities = null) =>
        new(Agent, "ten_1", new PhoneNumberRegistration(type, capabilities ?? ["sms"], "live"), useCase);

    private static SmsError? Check(bool optedOut, PhoneNumberInfo? number) =>
        SendCheck.Refusal(new RecipientStanding(optedOut, null), number, UseCase, Agent, Customer);

    [Fact]
    public void AMobileNumberOfTheUseCase_MaySendToARecipientWhoDidNotOptOut() =>
        Assert.Null(Check(optedOut: false, Number()));

    [Fact]
    public void AnOptOut_IsTheRefusal_EvenWhenTheSenderIsNotCompliantEither()
    {
        var refused = Check(optedOut: true, Number(PhoneNumberType.Local));

        Assert.Equal(SmsErrorCodes.RecipientOptedOut, refused?.Code);
        Assert.Contains(Customer, refused!.Detail);
    }

    [Fact]
    public void ALocalNumberWithoutAnApprovedA2pCampaign_IsNotCompliant_WithTheGatesReason()
    {
        var refused = Check(optedOut: false, Number(PhoneNumberType.Local));

        Assert.Equal(SmsErrorCodes.SenderNotCompliant, refused?.Code);
        Assert.Equal(SmsGate.Check(Number(PhoneNumberType.Local))!.Detail, refused!.Detail);
    }

    [Fact]
    public void ANumberWithoutSms_IsNotCompliant() =>
        Assert.Equal(SmsErrorCodes.SenderNotCompliant, Check(optedOut: false, Number(capabilities: ["voice"]))?.Code);

    [Theory]
    [InlineData("uc_other")]
    [InlineData(null)]
    public void ANumberNoLongerInTheUseCasesPool_IsNotCompliant(string? useCase)
    {
        var refused = Check(optedOut: false, Number(useCase: useCase));

        Assert.Equal(SmsErrorCodes.SenderNotCompliant, refused?.Code);
        Assert.Contains("no longer sends for use case uc_1", refused!.Detail);
    }

    [Fact]
    public void AnUnregisteredNumber_IsNotCompliant() =>
        Assert.Equal(SmsErrorCodes.SenderNotCompliant, Check(optedOut: false, null)?.Code);
}
