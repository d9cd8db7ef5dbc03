using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using Lab.Runner.Store;
using Polly.Retry;
using Polly;
using RestSharp.Authenticators;
using RestSharp;

namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// MLflow's tracking REST API (/api/2.0/mlflow/...) and artifact proxy (/api/2.0/mlflow-artifacts/...)
/// over RestSharp, as MLflow's Java and R clients use it. Retries 408, 429, 500, 502, 503, 504, timeouts
/// and connection errors with exponential backoff and jitter (Polly) within a time budget; runs/create,
/// which is not idempotent, is retried only when the server surely did not act on it. Errors are decided
/// on MLflow's error_code, and no message ever contains a credential.
/// </summary>
internal sealed class MlflowClient : IDisposable
{
    private const string Api = "api/2.0/mlflow/";
    private const string ArtifactApi = "api/2.0/mlflow-artifacts/artifacts/";
    private const int MaxSearchResults = 1000;

    private static readonly HashSet<int> RetryableStatus = [408, 429, 500, 502, 503, 504];
    /// <summary>Answers after which the server has surely not acted on the request.</summary>
    private static readonly HashSet<int> NotActedOnStatus = [408, 429, 503];
    private static readonly ResiliencePropertyKey<long> StartedAt = new("mlflow.started");
    private static readonly ResiliencePropertyKey<bool> Idempotent = new("mlflow.idempotent");
    private static readonly ResiliencePropertyKey<TimeSpan> Budget = new("mlflow.budget");

    private readonly MlflowEndpoint _endpoint;
    private readonly MlflowCredentials _credentials;
    private readonly MlflowClientOptions _options;
    private readonly RestClient _rest;
    private readonly ResiliencePipeline<RestResponse> _retry;
    private readonly string[] _secrets;
    private readonly ConcurrentDictionary<string, string> _artifactUris = new(StringComparer.Ordinal);

    public MlflowClient(string trackingUri, MlflowCredentials? credentials = null, MlflowClientOptions? options = null)
    {
        if (!MlflowEndpoint.TryParse(trackingUri, out var endpoint, out var error))
            throw new ArgumentException(error, nameof(trackingUri));
        _endpoint = endpoint;
        _credentials = (credentials ?? MlflowCredentials.None).WithUserInfo(endpoint.UserName, endpoint.Password);
        _options = options ?? new MlflowClientOptions();
        _secrets = Secrets(_credentials);

        var restOptions = new RestClientOptions(endpoint.BaseUri)
        {
            Timeout = _options.RequestTimeout,
            ThrowOnAnyError = false,
            FollowRedirects = false,
            UserAgent = "dqnlab-runner",
            CalculateResponseStatus = _ => ResponseStatus.Completed,
            Authenticator = _credentials.Token is { } token ? new JwtAuthenticator(token)
                : _credentials.Username is { } user ? new HttpBasicAuthenticator(user, _credentials.Password ?? "")
                : null,
        };
        if (_credentials.InsecureTls) restOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _rest = new RestClient(restOptions);

        _retry = new ResiliencePipelineBuilder<RestResponse>()
            .AddRetry(new RetryStrategyOptions<RestResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
            })
            .Build();
    }

    /// <summary>The server's address as it may be shown and stored: no user info, no credentials.</summary>
    public string TrackingUri => _endpoint.Display;

    /// <summary>How long requests have been failing with retryable errors without a single answer in between; zero when the last request was answered.</summary>
    public TimeSpan FailingFor
    {
        get
        {
            var since = Interlocked.Read(ref _failingSince);
            return since == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since);
        }
    }

    private long _failingSince;

    /// <summary>What the latest failing attempt got, e.g. "no answer (Connection refused)" or "answered 503"; null before any.</summary>
    public (string Problem, bool NoAnswer)? LastFailure { get; private set; }

    /// <summary>
    /// One cheap read (experiments/get-by-name) to learn whether the server answers at all, within
    /// <see cref="MlflowClientOptions.ProbeBudget"/> and <see cref="MlflowClientOptions.ProbeTimeout"/>
    /// instead of the full retry budget. Returns when the server answered (a 404 for the name counts);
    /// throws the <see cref="MlflowException"/> otherwise (transient when there was no answer).
    /// </summary>
    public async Task ProbeAsync(string experimentName, CancellationToken cancel = default)
    {
        try
        {
            await CallAsync(Method.Get, "experiments/get-by-name", null, [("experiment_name", experimentName)], true, cancel,
                _options.ProbeBudget, _options.ProbeTimeout);
        }
        catch (MlflowException ex) when (ex.IsNotFound)
        {
            // answered: the server is there, the experiment is not yet
        }
    }

    // ---------------------------------------------------------------- experiments

    /// <summary>The experiment with this name, or null when there is none (404 RESOURCE_DOES_NOT_EXIST).</summary>
    public async Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancel = default)
    {
        try
        {
            var answer = await CallAsync(Method.Get, "experiments/get-by-name", null, [("experiment_name", name)], true, cancel);
            return MlflowJson.Experiment(answer.GetProperty("experiment"));
        }
        catch (MlflowException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The id of the experiment with this name, created with these tags when missing. A create that loses
    /// a race (RESOURCE_ALREADY_EXISTS) reads the winner's experiment. Tags of an existing experiment are
    /// set where they differ. A deleted experiment is an error: MLflow keeps its name until `mlflow gc`.
    /// </summary>
    public async Task<string> GetOrCreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancel = default)
    {
        tags ??= new Dictionary<string, string>();
        var experiment = await GetExperimentByNameAsync(name, cancel);
        if (experiment is null)
        {
            try
            {
                var body = MlflowJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    MlflowJson.WriteTags(w, "tags", tags.Select(t => Cut(t, MlflowLimits.MaxExperimentTagValueLength)));
                    w.WriteEndObject();
                });
                var created = await CallAsync(Method.Post, "experiments/create", body, null, true, cancel);
                return JsonFields.String(created, "experiment_id")
                       ?? throw Malformed("experiments/create", "no experiment_id");
            }
            catch (MlflowException ex) when (ex.ErrorCode == MlflowErrorCodes.ResourceAlreadyExists)
            {
                experiment = await GetExperimentByNameAsync(name, cancel)
                             ?? throw new MlflowException(MlflowErrorCodes.ResourceDoesNotExist, 404,
                                 $"MLflow at {TrackingUri}: experiment '{name}' exists but cannot be read");
            }
        }
        if (!experiment.IsActive)
            throw new MlflowException(MlflowErrorCodes.InvalidParameterValue, 0,
                $"MLflow experiment '{name}' at {TrackingUri} is deleted; restore it in the MLflow UI " +
                "(or remove it for good with `mlflow gc`) and try again");
        foreach (var tag in tags.Select(t => Cut(t, MlflowLimits.MaxExperimentTagValueLength)))
            if (!experiment.Tags.TryGetValue(tag.Key, out var current) || current != tag.Value)
                await SetExperimentTagAsync(experiment.ExperimentId, tag.Key, tag.Value, cancel);
        return experiment.ExperimentId;
    }

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancel = default) =>
        CallAsync(Method.Post, "experiments/set-experiment-tag", MlflowJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("experiment_id", experimentId);
            w.WriteString("key", key);
            w.WriteString("value", value);
            w.WriteEndObject();
        }), null, true, cancel);

    // ---------------------------------------------------------------- runs

    /// <summary>
    /// Creates a RUNNING run. Not idempotent, so it is retried only on answers after which the server
    /// surely did nothing (408, 429, 503, connection refused); callers that must not create twice search
    /// for the run (by tag) before creating it again.
    /// </summary>
    public async Task<MlflowRunInfo> CreateRunAsync(string experimentId, string? runName, long startTimeMs,
        IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancel = default)
    {
        var body = MlflowJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("experiment_id", experimentId);
            if (runName is not null) w.WriteString("run_name", runName);
            w.WriteNumber("start_time", startTimeMs);
            if (tags?.TryGetValue("mlflow.user", out var user) == true) w.WriteString("user_id", user);
            MlflowJson.WriteTags(w, "tags", (tags ?? new Dictionary<string, string>()).Select(t => Cut(t, MlflowLimits.MaxTagValueLength)));
            w.WriteEndObject();
        });
        var answer = await CallAsync(Method.Post, "runs/create", body, null, false, cancel);
        var info = MlflowJson.RunInfo(answer.GetProperty("run").GetProperty("info"));
        Remember(info);
        return info;
    }

    /// <summary>Sets a run's status (RUNNING, FINISHED, FAILED, KILLED) and end time.</summary>
    public Task UpdateRunAsync(string runId, string status, long? endTimeMs, CancellationToken cancel = default) =>
        CallAsync(Method.Post, "runs/update", MlflowJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("run_id", runId);
            w.WriteString("status", status);
            if (endTimeMs is { } end) w.WriteNumber("end_time", end);
            w.WriteEndObject();
        }), null, true, cancel);

    /// <summary>Moves a run to the experiment's trash (lifecycle_stage deleted; restorable in the UI).</summary>
    public Task DeleteRunAsync(string runId, CancellationToken cancel = default) =>
        CallAsync(Method.Post, "runs/delete", MlflowJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("run_id", runId);
            w.WriteEndObject();
        }), null, true, cancel);

    /// <summary>The run, deleted ones included; throws 404 RESOURCE_DOES_NOT_EXIST when it is gone.</summary>
    public async Task<MlflowRun> GetRunAsync(string runId, CancellationToken cancel = default)
    {
        var answer = await CallAsync(Method.Get, "runs/get", null, [("run_id", runId)], true, cancel);
        var run = MlflowJson.Run(answer.GetProperty("run"));
        Remember(run.Info);
        return run;
    }

    /// <summary>The run, or null when the server does not know it (404 RESOURCE_DOES_NOT_EXIST).</summary>
    public async Task<MlflowRun?> FindRunAsync(string runId, CancellationToken cancel = default)
    {
        try
        {
            return await GetRunAsync(runId, cancel);
        }
        catch (MlflowException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Active runs of an experiment matching an MLflow filter, e.g. <c>tags.dqnlab.trial_id = 'x'</c>, every page.</summary>
    public async Task<IReadOnlyList<MlflowRun>> SearchRunsAsync(string experimentId, string? filter,
        CancellationToken cancel = default)
    {
        var runs = new List<MlflowRun>();
        string? pageToken = null;
        do
        {
            var token = pageToken;
            var body = MlflowJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("experiment_ids");
                w.WriteStringValue(experimentId);
                w.WriteEndArray();
                if (filter is not null) w.WriteString("filter", filter);
                w.WriteString("run_view_type", "ACTIVE_ONLY");
                w.WriteNumber("max_results", MaxSearchResults);
                if (token is not null) w.WriteString("page_token", token);
                w.WriteEndObject();
            });
            var answer = await CallAsync(Method.Post, "runs/search", body, null, true, cancel);
            if (answer.TryGetProperty("runs", out var array) && array.ValueKind == JsonValueKind.Array)
                foreach (var item in array.EnumerateArray())
                {
                    var run = MlflowJson.Run(item);
                    Remember(run.Info);
                    runs.Add(run);
                }
            pageToken = JsonFields.String(answer, "next_page_token");
        } while (!string.IsNullOrEmpty(pageToken));
        return runs;
    }

    /// <summary>
    /// Logs metrics, params and tags, split into as many log-batch requests as MLflow's limits require
    /// (and at most <paramref name="maxMetricsPerRequest"/> metrics each). A param value longer than 6,000
    /// characters is uploaded as the artifact <c>params/&lt;key&gt;.txt</c> and logged as a short note that
    /// points to it. A param is write-once (the same value again is fine) and a tag is overwritten, so a
    /// request without metrics is retried like a read. A request with metrics is not: MLflow's file store
    /// appends a resent point, and its SQL store refuses a resent batch of more than 100 metrics with 400
    /// BAD_REQUEST after committing part of it. It is retried only when the server surely did not act on
    /// it; otherwise the <see cref="MlflowException"/> says <see cref="MlflowException.MaybeApplied"/> and
    /// the caller checks the metric history before sending those points again.
    /// </summary>
    /// <returns>The number of log-batch requests sent.</returns>
    public async Task<int> LogBatchAsync(string runId, IReadOnlyList<MlflowMetric>? metrics,
        IReadOnlyList<KeyValuePair<string, string>>? parameters = null,
        IReadOnlyList<KeyValuePair<string, string>>? tags = null, CancellationToken cancel = default,
        int maxMetricsPerRequest = MlflowLimits.MaxMetricsPerBatch)
    {
        metrics ??= [];
        tags = (tags ?? []).Select(t => Cut(t, MlflowLimits.MaxTagValueLength)).ToArray();
        foreach (var key in metrics.Select(m => m.Key).Concat(tags.Select(t => t.Key)).Concat((parameters ?? []).Select(p => p.Key)))
            CheckKey(key);

        var unique = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (key, value) in parameters ?? [])
        {
            if (unique.TryGetValue(key, out var seen))
            {
                if (seen != value)
                    throw new MlflowException(MlflowErrorCodes.InvalidParameterValue, 0,
                        $"param '{key}' was given two different values in one batch");
                continue;
            }
            unique[key] = value;
            order.Add(key);
        }
        var sendable = new List<KeyValuePair<string, string>>(order.Count);
        foreach (var key in order)
        {
            var value = unique[key];
            if (value.Length > MlflowLimits.MaxParamValueLength)
            {
                var path = LongParamArtifact(key);
                try
                {
                    await LogArtifactAsync(runId, path, System.Text.Encoding.UTF8.GetBytes(value), cancel);
                    value = LongParamNote(value.Length, path);
                }
                catch (MlflowException ex) when (ex.ErrorCode == MlflowErrorCodes.ArtifactsNotProxied)
                {
                    // no artifact store to put it in: keep what fits, and say that it was cut
                    var note = $"... (cut: {value.Length} characters)";
                    value = Cut(new KeyValuePair<string, string>(key, value), MlflowLimits.MaxParamValueLength - note.Length).Value + note;
                }
            }
            sendable.Add(new KeyValuePair<string, string>(key, value));
        }

        var chunks = LogBatchSplitter.Split(runId, metrics, sendable, tags, maxMetrics: maxMetricsPerRequest);
        foreach (var chunk in chunks)
            await CallAsync(Method.Post, "runs/log-batch", LogBatchSplitter.Body(runId, chunk), null, chunk.Metrics.Count == 0, cancel);
        return chunks.Count;
    }

    /// <summary>
    /// Every point of one metric of a run (metrics/get-history), following next_page_token where the store
    /// pages (the file store does; the SQL store answers everything at once).
    /// </summary>
    public async Task<IReadOnlyList<MlflowMetric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancel = default)
    {
        var points = new List<MlflowMetric>();
        string? pageToken = null;
        do
        {
            var query = new List<(string, string)> { ("run_id", runId), ("metric_key", key) };
            if (pageToken is not null) query.Add(("page_token", pageToken));
            var answer = await CallAsync(Method.Get, "metrics/get-history", null, query, true, cancel);
            if (answer.TryGetProperty("metrics", out var array) && array.ValueKind == JsonValueKind.Array)
                foreach (var item in array.EnumerateArray())
                    if (MlflowJson.Metric(item) is { } metric) points.Add(metric);
            pageToken = JsonFields.String(answer, "next_page_token");
        } while (!string.IsNullOrEmpty(pageToken));
        return points;
    }

    /// <summary>Where a param too long for MLflow is stored instead: artifact params/&lt;key&gt;.txt.</summary>
    public static string LongParamArtifact(string key) => $"params/{key}.txt";

    public static string LongParamNote(int length, string artifactPath) =>
        $"(value of {length} characters, longer than MLflow's {MlflowLimits.MaxParamValueLength}: see artifact {artifactPath})";

    // ---------------------------------------------------------------- artifacts

    /// <summary>
    /// Uploads one file under the run's artifact root through MLflow's artifact proxy:
    /// PUT /api/2.0/mlflow-artifacts/artifacts/&lt;exp&gt;/&lt;run&gt;/artifacts/&lt;relativePath&gt;.
    /// The run's artifact_uri must be an mlflow-artifacts: URI (mlflow server's default).
    /// </summary>
    public async Task LogArtifactAsync(string runId, string relativePath, byte[] content, CancellationToken cancel = default)
    {
        if (!_artifactUris.TryGetValue(runId, out var artifactUri))
            artifactUri = (await GetRunAsync(runId, cancel)).Info.ArtifactUri;
        var root = ArtifactRoot(artifactUri)
                   ?? throw new MlflowException(MlflowErrorCodes.ArtifactsNotProxied, 0,
                       $"MLflow at {TrackingUri} keeps run artifacts outside its artifact proxy ({Scheme(artifactUri)}), which " +
                       "this client cannot write over REST; artifacts were not uploaded. Start the server with artifact " +
                       "proxying (mlflow server's default, --serve-artifacts) to get them");
        var segments = root.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(CheckRelativePath(relativePath));
        var resource = ArtifactApi + string.Join('/', segments.Select(Uri.EscapeDataString));
        var response = await SendAsync(() =>
        {
            var request = new RestRequest(resource, Method.Put) { Timeout = _options.ArtifactTimeout };
            request.AddBody(content, ContentType.Binary);
            return request;
        }, true, cancel);
        if (!IsSuccess(response)) throw Failure(response, "artifact upload " + relativePath);
    }

    /// <summary>Downloads an artifact through the proxy (GET), or null when it is not there.</summary>
    public async Task<byte[]?> DownloadArtifactAsync(string runId, string relativePath, CancellationToken cancel = default)
    {
        if (!_artifactUris.TryGetValue(runId, out var artifactUri))
            artifactUri = (await GetRunAsync(runId, cancel)).Info.ArtifactUri;
        var root = ArtifactRoot(artifactUri) ?? throw new MlflowException(MlflowErrorCodes.ArtifactsNotProxied, 0,
            $"MLflow at {TrackingUri} keeps run artifacts outside its artifact proxy ({Scheme(artifactUri)})");
        var resource = ArtifactApi + string.Join('/', root.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Concat(CheckRelativePath(relativePath)).Select(Uri.EscapeDataString));
        var response = await SendAsync(() => new RestRequest(resource) { Timeout = _options.ArtifactTimeout }, true, cancel);
        if ((int)response.StatusCode == 404) return null;
        if (!IsSuccess(response)) throw Failure(response, "artifact download " + relativePath);
        return response.RawBytes ?? [];
    }

    /// <summary>"mlflow-artifacts:/1/abc/artifacts" or "mlflow-artifacts://host:5000/1/abc/artifacts" → "1/abc/artifacts".</summary>
    internal static string? ArtifactRoot(string? artifactUri)
    {
        const string scheme = "mlflow-artifacts:";
        if (artifactUri is null || !artifactUri.StartsWith(scheme, StringComparison.Ordinal)) return null;
        var rest = artifactUri[scheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? "" : rest[slash..];
        }
        return rest.Trim('/');
    }

    private static string Scheme(string? uri) =>
        uri is null ? "no artifact location" : uri.Contains("://", StringComparison.Ordinal) ? uri[..uri.IndexOf("://", StringComparison.Ordinal)] + "://" : "a local path";

    public void Dispose() => _rest.Dispose();

    // ---------------------------------------------------------------- plumbing

    private void Remember(MlflowRunInfo info)
    {
        if (info.ArtifactUri is { } uri && info.RunId.Length > 0) _artifactUris[info.RunId] = uri;
    }

    private async Task<JsonElement> CallAsync(Method method, string endpoint, string? json,
        IReadOnlyList<(string Name, string Value)>? query, bool idempotent, CancellationToken cancel,
        TimeSpan? retryBudget = null, TimeSpan? timeout = null)
    {
        var response = await SendAsync(() =>
        {
            var request = new RestRequest(Api + endpoint, method);
            if (timeout is { } t) request.Timeout = t;
            if (json is not null) request.AddStringBody(json, ContentType.Json);
            foreach (var (name, value) in query ?? []) request.AddQueryParameter(name, value);
            return request;
        }, idempotent, cancel, retryBudget);
        if (!IsSuccess(response)) throw Failure(response, endpoint);
        try
        {
            var content = string.IsNullOrWhiteSpace(response.Content) ? "{}" : response.Content;
            using var document = JsonDocument.Parse(content);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Malformed(endpoint, "the answer is not JSON");
        }
    }

    private async Task<RestResponse> SendAsync(Func<RestRequest> build, bool idempotent, CancellationToken cancel,
        TimeSpan? retryBudget = null)
    {
        var context = ResilienceContextPool.Shared.Get(cancel);
        context.Properties.Set(StartedAt, Stopwatch.GetTimestamp());
        context.Properties.Set(Idempotent, idempotent);
        context.Properties.Set(Budget, retryBudget ?? _options.RetryBudget);
        try
        {
            var response = await _retry.ExecuteAsync(
                static async (ctx, state) => await state.Client.ExecuteAsync(state.Build(), ctx.CancellationToken),
                context, (Client: _rest, Build: build));
            cancel.ThrowIfCancellationRequested();
            var status = (int)response.StatusCode;
            if (status != 0 && !RetryableStatus.Contains(status)) Interlocked.Exchange(ref _failingSince, 0);
            else Interlocked.CompareExchange(ref _failingSince, Stopwatch.GetTimestamp(), 0);
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool ShouldRetry(Outcome<RestResponse> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested) return false;
        var answered = outcome.Result is { } r && (int)r.StatusCode != 0 && !RetryableStatus.Contains((int)r.StatusCode);
        if (answered) Interlocked.Exchange(ref _failingSince, 0);
        else
        {
            Interlocked.CompareExchange(ref _failingSince, Stopwatch.GetTimestamp(), 0);
            LastFailure = outcome.Result is { StatusCode: not 0 } failed
                ? ($"answered {(int)failed.StatusCode}", false)
                : (Redact($"no answer ({outcome.Exception?.Message ?? outcome.Result?.ErrorException?.Message ?? outcome.Result?.ErrorMessage ?? "timed out"})"), true);
        }
        if (context.Properties.TryGetValue(StartedAt, out var started)
            && Stopwatch.GetElapsedTime(started) >= (context.Properties.TryGetValue(Budget, out var budget) ? budget : _options.RetryBudget)) return false;
        var idempotent = !context.Properties.TryGetValue(Idempotent, out var i) || i;
        if (outcome.Exception is { } exception)
            return exception is HttpRequestException or TimeoutException or IOException or SocketException
                   && (idempotent || IsConnectionRefused(exception));
        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status == 0)
            return idempotent ? response.ResponseStatus != ResponseStatus.Aborted || response.ErrorException is not null
                : IsConnectionRefused(response.ErrorException);
        return idempotent ? RetryableStatus.Contains(status) : NotActedOnStatus.Contains(status);
    }

    private static bool IsConnectionRefused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound
                    or SocketError.HostUnreachable or SocketError.NetworkUnreachable }) return true;
        }
        return false;
    }

    private static bool IsSuccess(RestResponse response) => (int)response.StatusCode is >= 200 and < 300;

    private MlflowException Failure(RestResponse response, string what)
    {
        var status = (int)response.StatusCode;
        if (status == 0)
        {
            var timedOut = response.ResponseStatus == ResponseStatus.TimedOut
                           || response.ErrorException is TimeoutException or TaskCanceledException;
            var reason = response.ErrorException?.Message ?? response.ErrorMessage ?? response.ResponseStatus.ToString();
            var problem = Redact($"no answer ({(timedOut ? "timed out" : reason)})");
            return new MlflowException(timedOut ? MlflowErrorCodes.Timeout : MlflowErrorCodes.Unreachable, 0,
                $"MLflow {what} at {TrackingUri}: {problem}",
                isTransient: true, maybeApplied: !IsConnectionRefused(response.ErrorException), problem: problem);
        }
        string? code = null, message = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(response.Content) && response.Content.TrimStart().StartsWith('{'))
            {
                using var document = JsonDocument.Parse(response.Content);
                code = JsonFields.String(document.RootElement, "error_code");
                message = JsonFields.String(document.RootElement, "message");
            }
        }
        catch (JsonException)
        {
            // not MLflow's JSON (a proxy's error page): decide on the status code
        }
        code ??= status switch
        {
            401 => MlflowErrorCodes.Unauthenticated,
            403 => MlflowErrorCodes.PermissionDenied,
            404 => MlflowErrorCodes.EndpointNotFound,
            429 => MlflowErrorCodes.RequestLimitExceeded,
            503 => MlflowErrorCodes.TemporarilyUnavailable,
            _ => $"HTTP_{status}",
        };
        message ??= response.StatusDescription ?? "";
        if (message.Length > 300) message = message[..300] + "...";
        var answered = Redact($"answered {status} {code}: {message}");
        return new MlflowException(code, status, $"MLflow {what} at {TrackingUri} {answered}", problem: answered,
            isTransient: RetryableStatus.Contains(status),
            maybeApplied: status is 500 or 502 or 504 || code == MlflowErrorCodes.BadRequest);
    }

    private MlflowException Malformed(string what, string detail) =>
        new(MlflowErrorCodes.InternalError, 200, $"MLflow {what} at {TrackingUri}: {detail}");

    private string Redact(string text)
    {
        foreach (var secret in _secrets)
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    private static string[] Secrets(MlflowCredentials credentials)
    {
        var secrets = credentials.Secrets().ToList();
        if (credentials.Username is { } user)
            secrets.Add(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{credentials.Password}")));
        return secrets.Where(s => s.Length > 0).Distinct().OrderByDescending(s => s.Length).ToArray();
    }

    private static void CheckKey(string key)
    {
        if (string.IsNullOrEmpty(key))
            throw new MlflowException(MlflowErrorCodes.InvalidParameterValue, 0, "an MLflow key must not be empty");
        if (key.Length > MlflowLimits.MaxKeyLength)
            throw new MlflowException(MlflowErrorCodes.InvalidParameterValue, 0,
                $"MLflow key '{key[..40]}...' is {key.Length} characters, more than MLflow's {MlflowLimits.MaxKeyLength}");
    }

    private static IEnumerable<string> CheckRelativePath(string relativePath)
    {
        var segments = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s is "." or ".."))
            throw new ArgumentException($"not a relative artifact path: '{relativePath}'", nameof(relativePath));
        return segments;
    }

    /// <summary>Cuts a value to a length limit without splitting a surrogate pair (the server would cut it anyway).</summary>
    internal static KeyValuePair<string, string> Cut(KeyValuePair<string, string> tag, int limit)
    {
        var value = tag.Value;
        if (value.Length <= limit) return tag;
        var length = char.IsHighSurrogate(value[limit - 1]) ? limit - 1 : limit;
        return new KeyValuePair<string, string>(tag.Key, value[..length]);
    }
}
