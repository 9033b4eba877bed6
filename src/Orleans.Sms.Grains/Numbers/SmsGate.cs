using Orleans.Sms.Errors;

namespace Orleans.Sms.Numbers;

/// <summary>The compliance gate for sms (docs/api.md: Use cases): capability, then the regime of the number's type.</summary>
public static class SmsGate
{
    /// <summary>Null when the number may carry sms; else the refusal.</summary>
    public static SmsError? Check(PhoneNumberInfo number)
    {
        var registration = number.Registration;
        if (!registration.Capabilities.Contains("sms", StringComparer.OrdinalIgnoreCase))
        {
            return new(SmsErrorCodes.NotSmsCapable, $"{number.PhoneNumber} is not sms-capable.");
        }
        return registration.Type switch
        {
            PhoneNumberType.TollFree when registration.TollFreeVerification != ComplianceStatus.Approved =>
                new(SmsErrorCodes.TollFreeVerificationRequired, $"{number.PhoneNumber} is toll-free and its verification is not approved."),
            PhoneNumberType.Local or PhoneNumberType.National
                when registration.A2pCampaignStatus != ComplianceStatus.Approved || string.IsNullOrEmpty(registration.A2pCampaignId) =>
                new(SmsErrorCodes.A2pCampaignRequired, $"{number.PhoneNumber} needs an approved A2P 10DLC campaign."),
            _ => null,
        };
    }
}
