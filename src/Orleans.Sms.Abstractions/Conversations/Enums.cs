using System.Text.Json.Serialization;

namespace Orleans.Sms.Conversations;

/// <summary>Which way a message travelled.</summary>
[GenerateSerializer]
public enum MessageDirection
{
    /// <summary>From the customer to the agent number.</summary>
    Inbound,
    /// <summary>From the agent number to the customer.</summary>
    Outbound,
}

/// <summary>Who wrote a message.</summary>
[GenerateSerializer]
public enum MessageRole
{
    /// <summary>The customer.</summary>
    User,
    /// <summary>The agent (AI or human).</summary>
    Agent,
    /// <summary>The engine itself (warnings, help text).</summary>
    System,
}

/// <summary>Where a message came from.</summary>
[GenerateSerializer]
public enum MessageSource
{
    /// <summary>Received from the carrier (or the simulator).</summary>
    Inbound,
    /// <summary>Sent through <c>POST /v1/outbound-sms</c>.</summary>
    Api,
    /// <summary>A human reply through the conversation API.</summary>
    Manual,
    /// <summary>Written by the use case's agent.</summary>
    SmsAgent,
    /// <summary>Written by the engine (session warning, help text).</summary>
    System,
    /// <summary>A campaign's message (it carries <c>campaign_id</c>).</summary>
    Campaign,
    /// <summary>A workflow's message (it carries <c>workflow_run_id</c>).</summary>
    Workflow,
}

/// <summary>How a message body is encoded on the air.</summary>
[GenerateSerializer]
public enum SmsEncoding
{
    /// <summary>GSM 03.38 7-bit default alphabet: 160 characters in one segment, 153 per part.</summary>
    [JsonStringEnumMemberName("GSM-7")] Gsm7,
    /// <summary>UCS-2: 70 UTF-16 code units in one segment, 67 per part.</summary>
    [JsonStringEnumMemberName("UCS-2")] Ucs2,
}

/// <summary>Lifecycle state of a session.</summary>
[GenerateSerializer]
public enum SessionState
{
    /// <summary>The session accepts messages.</summary>
    Active,
    /// <summary>The session is over; the next message starts a new one.</summary>
    Ended,
}

/// <summary>Why a session ended.</summary>
[GenerateSerializer]
public enum SessionEndReason
{
    /// <summary>No reply within the grace period after the inactivity warning.</summary>
    Timeout,
    /// <summary>Never engaged, and the resume window passed.</summary>
    Expired,
    /// <summary>An outbound send started a new session.</summary>
    Superseded,
    /// <summary>Closed by the agent or the API.</summary>
    Closed,
    /// <summary>The customer opted out.</summary>
    OptedOut,
}

/// <summary>Business status of a conversation.</summary>
[GenerateSerializer]
public enum ConversationStatus
{
    /// <summary>The conversation is ongoing.</summary>
    InProgress,
    /// <summary>The goal of the conversation was met.</summary>
    Completed,
    /// <summary>The conversation stopped before its goal.</summary>
    Incomplete,
    /// <summary>A human should follow up (also set when the agent keeps failing).</summary>
    FollowUp,
    /// <summary>The lead qualified.</summary>
    Qualified,
    /// <summary>The lead did not qualify.</summary>
    Disqualified,
    /// <summary>Do not contact: the customer opted out.</summary>
    Dnc,
}

/// <summary>Carrier delivery status of a message, in the order a message moves through them.</summary>
[GenerateSerializer]
public enum DeliveryStatus
{
    /// <summary>An inbound message as received.</summary>
    Received,
    /// <summary>Accepted by the engine, not yet handed to the provider.</summary>
    Accepted,
    /// <summary>Queued at the provider.</summary>
    Queued,
    /// <summary>Being sent to the carrier.</summary>
    Sending,
    /// <summary>Handed to the carrier.</summary>
    Sent,
    /// <summary>The carrier could not deliver it.</summary>
    Undelivered,
    /// <summary>The provider could not send it.</summary>
    Failed,
    /// <summary>Delivered to the handset.</summary>
    Delivered,
    /// <summary>Read by the recipient (where the channel reports it).</summary>
    Read,
}
