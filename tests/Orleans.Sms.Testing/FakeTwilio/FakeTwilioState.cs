using System.Collections.Concurrent;

namespace Orleans.Sms.Testing.FakeTwilio;

/// <summary>A message the fake accepted.</summary>
/// <param name="Sid">Its <c>SM…</c> SID.</param>
/// <param name="To">The recipient.</param>
/// <param name="From">The sender number, when given.</param>
/// <param name="MessagingServiceSid">The messaging service, when given instead of (or with) a sender.</param>
/// <param name="Body">The text.</param>
/// <param name="StatusCallback">The status callback URL, when given.</param>
/// <param name="CreatedAt">When the fake accepted it.</param>
public sealed record class FakeTwilioMessage(
    string Sid, string To, string? From, string? MessagingServiceSid, string Body, string? StatusCallback, DateTimeOffset CreatedAt)
{
    /// <summary>The form of Twilio's status callback for this message: <paramref name="status"/>, with Twilio's <paramref name="errorCode"/> when given.</summary>
    public Dictionary<string, string> StatusCallbackForm(string accountSid, string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = accountSid,
            ["ApiVersion"] = "2010-04-01",
            ["From"] = From ?? "",
            ["MessageSid"] = Sid,
            ["MessageStatus"] = status,
            ["SmsSid"] = Sid,
            ["SmsStatus"] = status,
            ["To"] = To,
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }
        return form;
    }
}

/// <summary>A messaging service of the fake account, as created, with the E.164 numbers it holds now.</summary>
/// <param name="Sid">Its <c>MG…</c> SID.</param>
/// <param name="FriendlyName">Its name.</param>
/// <param name="InboundRequestUrl">Where inbound messages are posted.</param>
/// <param name="InboundMethod">The method of that post.</param>
/// <param name="StatusCallback">Where status callbacks are posted.</param>
/// <param name="UseInboundWebhookOnNumber">Whether the numbers' own webhooks win over the service's.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="PhoneNumbers">The numbers in its pool.</param>
public sealed record class FakeMessagingService(
    string Sid, string FriendlyName, string? InboundRequestUrl, string? InboundMethod, string? StatusCallback,
    bool UseInboundWebhookOnNumber, DateTimeOffset CreatedAt, IReadOnlyList<string> PhoneNumbers);

/// <summary>The fake account: credentials, the request log, faults, and the resources the API calls created.</summary>
internal sealed class FakeTwilioState(string accountSid, string authToken, TimeProvider clock)
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<FakeTwilioMessage> _messages = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeMessagingService> _services = [];
    private readonly Dictionary<string, string> _numberSids = [];  // E.164 → PN
    private readonly Dictionary<string, string> _numbers = [];     // PN → E.164
    private readonly Dictionary<string, string> _numberServices = []; // PN → MG
    private readonly List<RequestWaiter> _waiters = [];

    public string AccountSid { get; } = accountSid;
    public string AuthToken { get; } = authToken;
    public TimeProvider Clock { get; } = clock;
    public FaultSchedule Faults { get; } = new();
    public bool AutoProvisionNumbers { get; set; } = true;

    /// <summary>Where accepted messages go for their status callbacks, when the fake sends them.</summary>
    public FakeStatusCallbacks? Callbacks { get; set; }

    /// <summary>Recipients whose messages the fake refuses, with the error it answers (status, code, message).</summary>
    public ConcurrentDictionary<string, TwilioFault> Refusals { get; } = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];
    public IReadOnlyList<FakeTwilioMessage> Messages => [.. _messages];

    public void Record(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Enqueue(request);
            _waiters.RemoveAll(w => w.TryComplete(_requests));
        }
    }

    /// <summary>Completes when <paramref name="count"/> requests on <paramref name="route"/> have been recorded.</summary>
    public Task<RecordedRequest> WaitForRequestAsync(FakeTwilioRoute route, int count, CancellationToken cancellationToken)
    {
        var waiter = new RequestWaiter(route, count);
        lock (_gate)
        {
            if (!waiter.TryComplete(_requests))
            {
                _waiters.Add(waiter);
            }
        }
        return waiter.Completion.Task.WaitAsync(cancellationToken);
    }

    public FakeTwilioMessage AddMessage(string to, string? from, string? serviceSid, string body, string? statusCallback)
    {
        var message = new FakeTwilioMessage(TwilioJson.Sid("SM"), to, from, serviceSid, body, statusCallback, Clock.GetUtcNow());
        _messages.Enqueue(message);
        return message;
    }

    public string RegisterNumber(string phoneNumber)
    {
        lock (_gate)
        {
            if (!_numberSids.TryGetValue(phoneNumber, out var sid))
            {
                sid = TwilioJson.Sid("PN");
                _numberSids[phoneNumber] = sid;
                _numbers[sid] = phoneNumber;
            }
            return sid;
        }
    }

    /// <summary>The incoming numbers matching <paramref name="phoneNumber"/> exactly (all when null).</summary>
    public IReadOnlyList<(string Sid, string PhoneNumber)> FindNumbers(string? phoneNumber)
    {
        if (phoneNumber is not null && AutoProvisionNumbers && E164.IsValid(phoneNumber))
        {
            RegisterNumber(phoneNumber);
        }
        lock (_gate)
        {
            return [.. _numbers.Where(n => phoneNumber is null || n.Value == phoneNumber).Select(n => (n.Key, n.Value))];
        }
    }

    public string? NumberSid(string phoneNumber)
    {
        lock (_gate)
        {
            return _numberSids.GetValueOrDefault(phoneNumber);
        }
    }

    public string? PhoneNumberOf(string numberSid)
    {
        lock (_gate)
        {
            return _numbers.GetValueOrDefault(numberSid);
        }
    }

    public FakeMessagingService AddService(
        string friendlyName, string? inboundUrl, string? inboundMethod, string? statusCallback, bool useInboundWebhookOnNumber)
    {
        var service = new FakeMessagingService(
            TwilioJson.Sid("MG"), friendlyName, inboundUrl, inboundMethod, statusCallback, useInboundWebhookOnNumber, Clock.GetUtcNow(), []);
        lock (_gate)
        {
            _services[service.Sid] = service;
        }
        return service;
    }

    public IReadOnlyList<FakeMessagingService> Services
    {
        get
        {
            lock (_gate)
            {
                return [.. _services.Values.Select(WithNumbers)];
            }
        }
    }

    public FakeMessagingService? Service(string serviceSid)
    {
        lock (_gate)
        {
            return _services.TryGetValue(serviceSid, out var service) ? WithNumbers(service) : null;
        }
    }

    public bool DeleteService(string serviceSid)
    {
        lock (_gate)
        {
            foreach (var number in _numberServices.Where(n => n.Value == serviceSid).Select(n => n.Key).ToList())
            {
                _numberServices.Remove(number);
            }
            return _services.Remove(serviceSid);
        }
    }

    /// <summary>Adds a number to a service; null when done, else the Twilio error (status, code, message).</summary>
    public (int Status, int Code, string Message)? AddNumberToService(string serviceSid, string numberSid)
    {
        lock (_gate)
        {
            if (!_numbers.ContainsKey(numberSid))
            {
                return (400, 21421, $"PhoneNumberSid {numberSid} is invalid");
            }
            if (_numberServices.TryGetValue(numberSid, out var owner))
            {
                return owner == serviceSid
                    ? (409, 21710, "Phone Number or Short Code is already in the Messaging Service.")
                    : (409, 21712, "Phone Number or Short Code is associated with another Messaging Service.");
            }
            _numberServices[numberSid] = serviceSid;
            return null;
        }
    }

    public bool RemoveNumberFromService(string serviceSid, string numberSid)
    {
        lock (_gate)
        {
            return _numberServices.TryGetValue(numberSid, out var owner) && owner == serviceSid && _numberServices.Remove(numberSid);
        }
    }

    public IReadOnlyList<(string Sid, string PhoneNumber)> ServiceNumbers(string serviceSid)
    {
        lock (_gate)
        {
            return [.. _numberServices.Where(n => n.Value == serviceSid).Select(n => (n.Key, _numbers[n.Key]))];
        }
    }

    private FakeMessagingService WithNumbers(FakeMessagingService service) => service with
    {
        PhoneNumbers = [.. _numberServices.Where(n => n.Value == service.Sid).Select(n => _numbers[n.Key]).Order(StringComparer.Ordinal)],
    };
}

/// <summary>A test waiting for the <c>count</c>-th request on a route.</summary>
internal sealed class RequestWaiter(FakeTwilioRoute route, int count)
{
    public TaskCompletionSource<RecordedRequest> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool TryComplete(IEnumerable<RecordedRequest> requests)
    {
        var match = requests.Where(r => r.Route == route).Skip(count - 1).FirstOrDefault();
        return match is not null && Completion.TrySetResult(match);
    }
}

/// <summary>The fake's idea of a phone number: E.164.</summary>
internal static class E164
{
    public static bool IsValid(string? value) =>
        value is { Length: >= 8 and <= 16 } && value[0] == '+' && value[1] is >= '1' and <= '9' && value.Skip(1).All(char.IsAsciiDigit);
}
