using Microsoft.Extensions.Logging;
using Orleans.Sms.Conversations;
using Orleans.Sms.Errors;
using Orleans.Sms.Hosting;
using Orleans.Sms.Tenants;
using Orleans.Sms.Templates;
using Orleans.Sms.UseCases;

namespace Orleans.Sms.Campaigns;

/// <summary>
/// One campaign: the API's requests, and its sending, one step (<see cref="CampaignOptions.BatchSize"/> recipients) per
/// timer tick so requests interleave between steps. Each step writes its recipients as they are to be stored into the
/// state's journal first (so a recipient is <c>sending</c>, with its message id, before the provider sees it), then starts
/// their sends, and records the last step's outcomes in the journal and the store while they are in flight. A durable
/// reminder brings a campaign with work back after a restart; the journal is settled first, asking each conversation
/// again with the same message id.
/// </summary>
internal sealed partial class CampaignGrain(
    [PersistentState("campaign", SmsStorage.State)] IPersistentState<CampaignState> state,
    ICampaignStore store,
    Contacts.IContactStore contacts,
    IOptions<CampaignOptions> options,
    IOptions<SessionOptions> sessionOptions,
    [FromKeyedServices(SmsClock.Key)] TimeProvider clock,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain, IRemindable
{
    private const string Heartbeat = "campaign-heartbeat";
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private CampaignRun? _runner;
    private IGrainTimer? _tick;
    private DateTimeOffset _nextSendAt;
    private HeldSweep _heldSweep = new();

    /// <summary>
    /// The next step settles the whole journal before it decides anyone (set at activation and after a failed step): the
    /// journal then holds recipients whose sends this activation did not start, and a store that keeps failing must not
    /// let each retry journal and send another step's worth.
    /// </summary>
    private bool _settleFirst = true;

    /// <summary>After a failed step, no step comes before this (real time), whatever asks for one sooner.</summary>
    private DateTimeOffset _retryNotBefore;

    private CampaignState S => state.State;
    private string Id => this.GetPrimaryKeyString();
    private CampaignRun Run => _runner ??= new CampaignRun(GrainFactory, contacts, clock);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        StartProgress();
        if (S.AddingFrom is { } from && S.AddingTo is { } to)
        {
            // An add stopped half-way: what reached the store counts, the rest of its seqs stay unused.
            var added = await store.ListRecipientsAsync(Id, from - 1, to, null, (int)(to - from + 1), cancellationToken);
            S.Counts = S.Counts.Added(added.Count);
            (S.AddingFrom, S.AddingTo) = (null, null);
            await state.WriteStateAsync(cancellationToken);
        }
        Schedule(TimeSpan.Zero);
    }

    public async Task<CampaignView> CreateAsync(ResourceOwner owner, CampaignDraft draft)
    {
        if (!S.Exists)
        {
            await store.IndexCampaignAsync(owner, Id); // first: a listed id whose state never came is skipped by the list
            (S.Owner, S.Definition, S.Status, S.CreatedAt) = (owner, draft, CampaignStatus.Draft, clock.GetUtcNow());
            await state.WriteStateAsync();
        }
        return S.ToView(Id);
    }

    public Task<CampaignView?> GetAsync(ResourceOwner owner) => Task.FromResult(Owned(owner) ? S.ToView(Id) : null);

    public async Task<SmsResult<RecipientsAdded>> AddRecipientsAsync(ResourceOwner owner, RecipientList list)
    {
        if (!Owned(owner))
        {
            return SmsResult<RecipientsAdded>.Fail(NotFound());
        }
        if (CampaignLifecycle.MayAddRecipients(S.Status) is { } refused)
        {
            return SmsResult<RecipientsAdded>.Fail(refused);
        }
        var resolved = await new CampaignAudience(contacts).ResolveAsync(owner, list, clock.GetUtcNow());
        var added = await AppendAsync(resolved.Entries.Select(e => (e.PhoneNumber, e.ContactId)).ToList());
        var present = resolved.Repeated + resolved.Entries.Count - added;
        return SmsResult<RecipientsAdded>.Ok(new RecipientsAdded(added, present, resolved.Errors.Count, resolved.Errors));
    }

    /// <summary>Adds recipients (distinct numbers) as pending, the seqs reserved first; how many the store added (the rest were present).</summary>
    private async Task<int> AppendAsync(IReadOnlyList<(string PhoneNumber, string ContactId)> entries)
    {
        if (entries.Count == 0)
        {
            return 0;
        }
        var first = S.LastSeq + 1;
        var recipients = entries.Select((e, i) => new CampaignRecipient(first + i, e.PhoneNumber, e.ContactId, RecipientStatus.Pending)).ToList();
        (S.LastSeq, S.AddingFrom, S.AddingTo) = (first + recipients.Count - 1, first, first + recipients.Count - 1);
        await state.WriteStateAsync();
        var added = (await store.AddRecipientsAsync(Id, recipients)).Count(a => a);
        S.Counts = S.Counts.Added(added);
        (S.AddingFrom, S.AddingTo) = (null, null);
        await state.WriteStateAsync();
        Schedule(TimeSpan.Zero);
        return added;
    }

    public async Task<SmsResult<CampaignView>> CommandAsync(ResourceOwner owner, CampaignCommand command)
    {
        if (!Owned(owner))
        {
            return SmsResult<CampaignView>.Fail(NotFound());
        }
        var now = clock.GetUtcNow();
        var next = CampaignLifecycle.Next(S.Status, command, S.Definition!.SendAt, now);
        if (next.Error is { } invalid)
        {
            return SmsResult<CampaignView>.Fail(invalid);
        }
        var status = next.Value;
        if (status == S.Status)
        {
            return SmsResult<CampaignView>.Ok(S.ToView(Id));
        }
        if (command is CampaignCommand.Start or CampaignCommand.Resume && await RefuseStartAsync() is { } cannot)
        {
            return SmsResult<CampaignView>.Fail(cannot);
        }
        switch (command)
        {
            case CampaignCommand.Start:
                S.StartedAt = now;
                break;
            case CampaignCommand.Pause:
                S.PauseReason = PauseReason.Manual;
                break;
            case CampaignCommand.Resume:
                S.PauseReason = null;
                S.Window.Restart();
                break;
            case CampaignCommand.Cancel:
                S.Counts = S.Counts with { Cancelled = S.Counts.Cancelled + S.Counts.Pending + S.Counts.Held, Pending = 0, Held = 0 };
                (S.CancelOwed, S.HeldUntil) = (true, null);
                break;
        }
        S.Status = status;
        await HoldUseCaseAsync(CampaignLifecycle.UsesItsUseCase(status));
        await state.WriteStateAsync();
        await KeepHeartbeatAsync();
        Schedule(TimeSpan.Zero);
        return SmsResult<CampaignView>.Ok(S.ToView(Id));
    }

    public async Task<SmsError?> DeleteAsync(ResourceOwner owner)
    {
        if (!Owned(owner))
        {
            return NotFound();
        }
        if (CampaignLifecycle.MayDelete(S.Status) is { } refused)
        {
            return refused;
        }
        await store.DeleteRecipientsAsync(Id);
        await store.UnindexCampaignAsync(owner, Id);
        await state.ClearStateAsync();
        DeactivateOnIdle();
        return null;
    }

    public async Task<CampaignRecipientPage?> ListRecipientsAsync(ResourceOwner owner, RecipientStatus? status, long after, int limit)
    {
        if (!Owned(owner))
        {
            return null;
        }
        var page = await store.ListRecipientsAsync(Id, after, long.MaxValue, status, limit + 1);
        var inFlight = S.Journal.ToDictionary(r => r.Seq);
        var shown = page.Take(limit).Select(r => inFlight.GetValueOrDefault(r.Seq) ?? r).ToList();
        return new CampaignRecipientPage(shown.Select(r => r.ToView()).ToList(), page.Count > limit ? shown[^1].Seq.ToString() : null);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await KeepHeartbeatAsync();
        Schedule(TimeSpan.Zero);
    }

    /// <summary>Arms the step timer (sooner than one armed, or none armed), at most <see cref="CampaignOptions.RecheckEvery"/> ahead.</summary>
    private void Schedule(TimeSpan due)
    {
        if (!S.Exists)
        {
            return;
        }
        var recheck = options.Value.RecheckEvery;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > recheck ? recheck : due;
        var now = DateTimeOffset.UtcNow;
        if (now + due < _retryNotBefore)
        {
            due = _retryNotBefore - now;
        }
        var at = now + due;
        if (_tick is not null && _tickAt <= at)
        {
            return;
        }
        _tick?.Dispose();
        _tickAt = at;
        _tick = this.RegisterGrainTimer(StepAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private DateTimeOffset _tickAt;

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return; // a tick already queued when its timer was replaced or dropped (Orleans still delivers it, cancelled)
        }
        var timer = _tick;
        _tick = null;
        TimeSpan? next;
        try
        {
            next = await StepOnceAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A step of campaign {CampaignId} failed; it is tried again on what storage has", Id);
            next = await StartAgainFromStorageAsync() ? RetryAfterFailure : null;
            _retryNotBefore = DateTimeOffset.UtcNow + RetryAfterFailure;
            _tick?.Dispose(); // a step armed meanwhile (its sends answered) waits for the retry's time too
            _tick = null;
        }
        finally
        {
            timer?.Dispose();
        }
        if (next is { } due)
        {
            Schedule(due);
        }
        await NoteProgressAsync();
    }

    /// <summary>
    /// After a failed step, what this activation holds may not be what storage has: a write that failed may have changed
    /// the journal, counts and cursor in memory only (the retry would send recipients nothing durable records), and a
    /// write stored without the grain learning it leaves the ETag behind (every later write would fail). The next step
    /// works on storage's state, read again, with this activation's bookings and readings forgotten. False when storage
    /// cannot be read either: the activation goes, and the heartbeat reminder brings the campaign back.
    /// </summary>
    private async Task<bool> StartAgainFromStorageAsync()
    {
        _runner = null;
        _sends.Clear();
        _settleFirst = true;
        _heldSweep = new();
        try
        {
            await state.ReadStateAsync();
            return true;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId} could not read its state again; the activation goes", Id);
            DeactivateOnIdle();
            return false;
        }
    }

    /// <summary>
    /// One step: settle what is in flight (a running campaign's sending step does that while its own sends are in
    /// flight, unless <see cref="_settleFirst"/>), then cancel, start or send as the status asks. When to step again (null:
    /// no work).
    /// </summary>
    private async Task<TimeSpan?> StepOnceAsync()
    {
        var now = clock.GetUtcNow();
        if (S.Journal.Count > 0 && (_settleFirst || S.Status != CampaignStatus.Running || CampaignLifecycle.IsComplete(S.Status, S.Counts)))
        {
            await FinishAsync(now);
        }
        _settleFirst = false;
        if (S.CancelOwed)
        {
            return await CancelSomeAsync() ? TimeSpan.Zero : null;
        }
        if (S.SessionsSweepAt is { } sweepAt)
        {
            return sweepAt <= now ? await SweepSessionsAsync() : null; // its reminder brings it back then
        }
        if (S.Status == CampaignStatus.Scheduled)
        {
            if (S.Definition!.SendAt > now)
            {
                return S.Definition.SendAt - now;
            }
            S.Status = CampaignStatus.Running;
            await state.WriteStateAsync();
        }
        if (S.Status != CampaignStatus.Running)
        {
            return null;
        }
        if (CampaignLifecycle.IsComplete(S.Status, S.Counts) && !ImportsHold(now))
        {
            (S.Status, S.CompletedAt) = (CampaignStatus.Completed, now);
            await HoldUseCaseAsync(false);
            S.SessionsSweepAt = CampaignSessionSweep.DueAt(S.Counts, now, sessionOptions.Value.ResumeWindow);
            await state.WriteStateAsync();
            await KeepHeartbeatAsync();
            await KeepSessionsReminderAsync();
            return null;
        }
        return await SendSomeAsync(now);
    }

    /// <summary>
    /// Decides the next recipients whose turn it is, journals them and starts their sends, then records the last step's
    /// (<see cref="FinishAsync"/>); when to step again.
    /// </summary>
    private async Task<TimeSpan?> SendSomeAsync(DateTimeOffset now)
    {
        // The journal's recipients are the last step's: the store has them as they were before it until they are saved.
        var journaled = S.Journal.Select(r => r.Seq).ToHashSet();
        var due = (await DueRecipientsAsync(now)).Where(r => !journaled.Contains(r.Seq)).ToList();
        if (due.Count == 0 && journaled.Count > 0)
        {
            await FinishAsync(now);
            return TimeSpan.Zero; // then look again, with the store up to date
        }
        if (due.Count == 0)
        {
            if (S.Counts.Pending > 0)
            {
                S.Cursor = 0; // a pending recipient behind the cursor (a store write that failed after its step): look again
                return RetryAfterFailure;
            }
            return S.HeldUntil is { } until ? until - now : null;
        }
        var template = MessageTemplate.Parse(S.Definition!.Message ?? "").Template!;
        var decided = await Run.DecideAsync(S.Owner!, S.Definition, template, due, now, MaySendAnother);
        KeepUndecidedHeld(due, decided, now);
        if (decided.Count == 0)
        {
            // Pacing holds the next one back, or nobody in the pool may send now: try again later.
            await FinishAsync(now);
            return Run.WaitUntil is { } slot ? slot - clock.GetUtcNow() : _nextSendAt > now ? _nextSendAt - now : options.Value.RecheckEvery;
        }
        var before = due.ToDictionary(r => r.Seq);
        // The cursor passes the decided pending recipients up to the first one left waiting (its sender was busy).
        var waiting = due.Where(r => r.Status == RecipientStatus.Pending).Select(r => r.Seq).Except(decided.Select(r => r.Seq))
            .DefaultIfEmpty(long.MaxValue).Min();
        foreach (var recipient in decided)
        {
            var was = before[recipient.Seq].Status;
            S.Counts = S.Counts.Moved(was, recipient.Status);
            if (recipient is { Status: RecipientStatus.Held, HeldUntil: { } until })
            {
                NoteHeld(until);
            }
            if (was == RecipientStatus.Pending && recipient.Seq < waiting)
            {
                S.Cursor = Math.Max(S.Cursor, recipient.Seq);
            }
        }
        S.Journal = [.. S.Journal, .. decided];
        await state.WriteStateAsync(); // durable: each sending recipient with its message id, before any provider call
        var waitUntil = Run.WaitUntil;
        StartSends(decided, now);
        await FinishAsync(now, decided.Select(r => r.Seq).ToHashSet());
        var after = clock.GetUtcNow();
        return waitUntil is { } paced ? paced - after : _nextSendAt > after ? _nextSendAt - after : TimeSpan.Zero;
    }

    /// <summary>Held recipients whose window opened (a sweep over the held ones, a page per step), else the next pending ones.</summary>
    private async Task<IReadOnlyList<CampaignRecipient>> DueRecipientsAsync(DateTimeOffset now)
    {
        var size = options.Value.BatchSize;
        if (S.Counts.Held > 0 && S.HeldUntil <= now)
        {
            var held = await store.ListRecipientsAsync(Id, _heldSweep.After, S.LastSeq, RecipientStatus.Held, size);
            var page = _heldSweep.Take(held, size, S.Journal, now);
            if (page.Ended)
            {
                S.HeldUntil = page.HeldUntil;
            }
            if (page.Open.Count > 0)
            {
                return page.Open;
            }
        }
        return await store.ListRecipientsAsync(Id, S.Cursor, S.LastSeq, RecipientStatus.Pending, size);
    }

    /// <summary>
    /// Held recipients whose window was open but that this step left out (the journal's share full, their sender busy, the
    /// campaign's own rate, no usable sender) stay due: the campaign looks at the held ones again at once or when a sender
    /// may take them. The sweep that found them counted only the later holds, and without this they stayed held for good.
    /// </summary>
    private void KeepUndecidedHeld(IReadOnlyList<CampaignRecipient> due, List<CampaignRecipient> decided, DateTimeOffset now)
    {
        var seqs = decided.Select(r => r.Seq).ToHashSet();
        if (due.Any(r => r.Status == RecipientStatus.Held && !seqs.Contains(r.Seq)))
        {
            NoteHeld(Run.Full ? now : Run.WaitUntil ?? (_nextSendAt > now ? _nextSendAt : now + options.Value.RecheckEvery));
        }
    }

    /// <summary>
    /// A recipient was held until <paramref name="until"/>: the campaign's earliest held time moves to it if sooner, and
    /// so does the sweep's under way (which sets the earliest time when it ends, and may have passed this recipient's seq).
    /// </summary>
    private void NoteHeld(DateTimeOffset until)
    {
        S.HeldUntil = HeldSweep.Earlier(S.HeldUntil, until);
        _heldSweep.Held(until);
    }

    /// <summary>The campaign's own cap (<c>max_per_second</c>): one message every 1/x seconds.</summary>
    private bool MaySendAnother()
    {
        if (S.Definition!.MaxPerSecond is not { } rate)
        {
            return true;
        }
        var now = clock.GetUtcNow();
        if (_nextSendAt > now)
        {
            return false;
        }
        _nextSendAt = now + TimeSpan.FromSeconds(1 / rate);
        return true;
    }

    /// <summary>Marks a page of pending and held recipients cancelled in the store (their counts moved with the cancel); false when done.</summary>
    private async Task<bool> CancelSomeAsync()
    {
        var size = options.Value.BatchSize;
        var page = (await store.ListRecipientsAsync(Id, 0, S.LastSeq, RecipientStatus.Pending, size))
            .Concat(await store.ListRecipientsAsync(Id, 0, S.LastSeq, RecipientStatus.Held, size)).ToList();
        if (page.Count > 0)
        {
            await store.SaveRecipientsAsync(Id, page.Select(r => r with { Status = RecipientStatus.Cancelled, HeldUntil = null }).ToList());
            return true;
        }
        S.CancelOwed = false;
        S.SessionsSweepAt = CampaignSessionSweep.DueAt(S.Counts, clock.GetUtcNow(), sessionOptions.Value.ResumeWindow);
        await state.WriteStateAsync();
        await KeepHeartbeatAsync();
        await KeepSessionsReminderAsync();
        return false;
    }

    /// <summary>Pauses a running campaign whose auto-pause window says so.</summary>
    private void AutoPause()
    {
        if (S.Status == CampaignStatus.Running && S.Window.Judge(S.Definition!.AutoPause) is { } reason)
        {
            (S.Status, S.PauseReason) = (CampaignStatus.Paused, reason);
            logger.LogInformation("Campaign {CampaignId} paused itself: {Reason}", Id, reason);
        }
    }

    /// <summary>The reminder that brings a campaign with work back after a restart: kept while there is work, dropped after.</summary>
    private async Task KeepHeartbeatAsync()
    {
        var work = S.Status is CampaignStatus.Running or CampaignStatus.Scheduled || S.CancelOwed || S.Journal.Count > 0;
        var reminder = await this.GetReminder(Heartbeat);
        if (work && reminder is null)
        {
            await this.RegisterOrUpdateReminder(Heartbeat, HeartbeatPeriod, HeartbeatPeriod);
        }
        else if (!work && reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<SmsError?> RefuseStartAsync()
    {
        if (S.Counts.Total == 0)
        {
            return new SmsError(SmsErrorCodes.CampaignEmpty, "The campaign has no recipients: add some first.");
        }
        var pool = await GrainFactory.GetGrain<IMessagingServiceGrain>(S.Definition!.UseCaseId!).GetPoolAsync();
        return pool.Count == 0
            ? new SmsError(SmsErrorCodes.NoSenderAvailable, $"Use case {S.Definition.UseCaseId} has no number to send from.")
            : null;
    }

    private async Task HoldUseCaseAsync(bool hold)
    {
        if (S.HoldsUseCase != hold)
        {
            await GrainFactory.GetGrain<IUseCaseGrain>(S.Definition!.UseCaseId!).HoldForCampaignAsync(Id, hold);
            S.HoldsUseCase = hold;
        }
    }

    private bool Owned(ResourceOwner owner) => S.Exists && S.Owner == owner;

    private SmsError NotFound() => new(SmsErrorCodes.NotFound, $"No campaign {Id}.");
}
