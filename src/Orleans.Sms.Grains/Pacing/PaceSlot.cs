namespace Orleans.Sms.Pacing;

/// <summary>A message's time on its number: it may go at <see cref="SendAt"/>; the number is free again at <see cref="FreeAt"/>.</summary>
internal readonly record struct PaceSlot(DateTimeOffset SendAt, DateTimeOffset FreeAt);
