using Azure.Data.Tables;
using Orleans.Sms.Conversations;

namespace Orleans.Sms.AzureStorage.Archive;

/// <summary>A <see cref="SessionView"/> as a table row (enums by name; unset moments left out).</summary>
internal static class SessionEntity
{
    public static TableEntity ToEntity(string partitionKey, SessionView session)
    {
        var entity = new TableEntity(partitionKey, TableKeys.Escape(session.SessionId))
        {
            [nameof(SessionView.SessionId)] = session.SessionId,
            [nameof(SessionView.State)] = session.State.ToString(),
            [nameof(SessionView.Engaged)] = session.Engaged,
            [nameof(SessionView.StartedAt)] = session.StartedAt,
            [nameof(SessionView.LastActivityAt)] = session.LastActivityAt,
        };
        if (session.WarningSentAt is { } warned)
        {
            entity[nameof(SessionView.WarningSentAt)] = warned;
        }
        if (session.EndedAt is { } ended)
        {
            entity[nameof(SessionView.EndedAt)] = ended;
        }
        if (session.EndReason is { } reason)
        {
            entity[nameof(SessionView.EndReason)] = reason.ToString();
        }
        return entity;
    }

    public static SessionView FromEntity(TableEntity entity) => new(
        entity.Required(nameof(SessionView.SessionId)),
        entity.RequiredEnum<SessionState>(nameof(SessionView.State)),
        entity.GetBoolean(nameof(SessionView.Engaged)) ?? false,
        entity.GetDateTimeOffset(nameof(SessionView.StartedAt)) ?? default,
        entity.GetDateTimeOffset(nameof(SessionView.LastActivityAt)) ?? default,
        entity.GetDateTimeOffset(nameof(SessionView.WarningSentAt)),
        entity.GetDateTimeOffset(nameof(SessionView.EndedAt)),
        entity.GetString(nameof(SessionView.EndReason)) is { } reason ? Enum.Parse<SessionEndReason>(reason) : null);
}
