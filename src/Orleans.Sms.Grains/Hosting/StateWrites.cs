namespace Orleans.Sms;

/// <summary>The engine's rule for a grain state write that fails.</summary>
internal static class StateWrites
{
    /// <summary>
    /// Writes <paramref name="state"/>; when the write fails, <paramref name="grain"/>'s activation goes and the error is
    /// thrown: what it holds may not be what storage has (a value never stored, or stored without the grain learning it,
    /// which leaves its ETag behind), so the next activation starts from storage.
    /// </summary>
    public static async Task WriteOrDropAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
