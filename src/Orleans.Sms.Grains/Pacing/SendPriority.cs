namespace Orleans.Sms.Pacing;

/// <summary>Whose turn comes first on a sender number (docs/api.md: Campaigns): conversation traffic goes ahead of bulk traffic.</summary>
[GenerateSerializer]
internal enum SendPriority
{
    /// <summary>Agent replies, manual and API sends, warnings, help: someone may be waiting for them.</summary>
    Conversation,
    /// <summary>Campaign and workflow sends: they take the number's time that conversations leave free.</summary>
    Bulk,
}
