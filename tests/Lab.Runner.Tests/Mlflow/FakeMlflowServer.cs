using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Lab.Runner.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>
/// An in-memory MLflow tracking server on 127.0.0.1 (random port), faithful to the documented REST API
/// (https://mlflow.org/docs/latest/rest-api.html) and to mlflow/utils/validation.py for what DqnLab uses:
/// experiments get-by-name/create/set-experiment-tag, runs create/update/delete/get/search/set-tag/log-batch,
/// metrics/get-history, and the artifact proxy (PUT/GET /api/2.0/mlflow-artifacts/artifacts/...).
/// Validation as MLflow's: batch limits, 1 MB request, key length and characters, param values cut at
/// 6,000 characters (MLFLOW_TRUNCATE_LONG_VALUES' default) and tag values at 8,000, write-once params,
/// 404 RESOURCE_DOES_NOT_EXIST, 400 RESOURCE_ALREADY_EXISTS, and log-batch as MLflow's SQL store does it
/// (mlflow/store/tracking/sqlalchemy_store.py, 2.17 to 3.0): params, metrics and tags committed one after
/// the other, metric points unique by (key, timestamp, step, value), and a resent batch refused with 400
/// BAD_REQUEST past 100 metrics, after committing part of it (see <see cref="LogMetrics"/>). Faults: the
/// next N requests answer 429/503 (or any status, before or after carrying the request out), answer only
/// after a delay, or the server is "down" (connections dropped).
/// </summary>
public sealed partial class FakeMlflowServer : IAsyncDisposable
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;
    public const int MaxBatchLogRequestSize = 1_000_000;
    public const int MaxEntityKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;
    public const int MaxExperimentTagValueLength = 5000;
    public const int MaxExperimentNameLength = 500;

    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly Dictionary<string, FakeExperiment> _experiments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _artifacts = new(StringComparer.Ordinal);
    private readonly List<FakeRequest> _requests = [];
    private readonly List<Fault> _faults = [];
    private int _nextExperimentId = 1;
    private int _truncatedValues;
    private int _resentPoints;
    private int? _downAfter;

    private sealed record Fault(int Status, string ErrorCode, TimeSpan Delay, string? PathContains, bool EvenIfAbandoned = true,
        bool AfterActing = false)
    {
        public int Remaining { get; set; }
        /// <summary>Matching requests let through before the fault starts.</summary>
        public int Skip { get; set; }
    }

    private FakeMlflowServer(WebApplication app)
    {
        _app = app;
        _experiments["0"] = new FakeExperiment { ExperimentId = "0", Name = "Default" };
    }

    public static async Task<FakeMlflowServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = 256 * 1024 * 1024;
        });
        var app = builder.Build();
        var server = new FakeMlflowServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public string Url { get; private set; } = "";

    /// <summary>When set, every request must carry exactly this Authorization header (else 401, as MLflow's basic-auth app).</summary>
    public string? RequiredAuthorization { get; set; }

    /// <summary>Every Authorization header value seen.</summary>
    public List<string> AuthorizationsSeen { get; } = [];

    /// <summary>
    /// False: the server keeps artifacts where this client cannot reach them (as `mlflow server --no-serve-artifacts`,
    /// whose runs get a local artifact location instead of mlflow-artifacts:/...).
    /// </summary>
    public bool ProxyArtifacts { get; set; } = true;

    /// <summary>While true, every connection is dropped without an answer.</summary>
    public bool Down { get; set; }

    /// <summary>Metric points the server received while it held them already (a client that checks before resending sends none).</summary>
    public int ResentPoints
    {
        get { lock (_lock) return _resentPoints; }
    }

    /// <summary>Param and tag values the server had to cut (a client that respects the limits never causes one).</summary>
    public int TruncatedValues
    {
        get { lock (_lock) return _truncatedValues; }
    }

    // ------------------------------------------------------------------ fault injection

    /// <summary>
    /// The next <paramref name="count"/> requests (whose path contains <paramref name="pathContains"/>) answer this
    /// status; with <paramref name="afterActing"/>, only after carrying the request out (an answer lost on the way,
    /// as a proxy's 502 or a worker killed after its commit), and after letting <paramref name="skip"/> of them through.
    /// </summary>
    public void FailNext(int count, int status, string? errorCode = null, string? pathContains = null, bool afterActing = false, int skip = 0)
    {
        lock (_lock)
            _faults.Add(new Fault(status, errorCode ?? DefaultCode(status), TimeSpan.Zero, pathContains, AfterActing: afterActing)
            {
                Remaining = count, Skip = skip,
            });
    }

    /// <summary>
    /// The next <paramref name="count"/> requests are answered only after <paramref name="delay"/>. They are
    /// carried out even when the client gave up waiting (as a real server does), unless
    /// <paramref name="evenIfAbandoned"/> is false: then a request the client abandons is dropped.
    /// </summary>
    public void DelayNext(int count, TimeSpan delay, string? pathContains = null, bool evenIfAbandoned = true)
    {
        lock (_lock)
            _faults.Add(new Fault(0, "", delay, pathContains, evenIfAbandoned) { Remaining = count });
    }

    /// <summary>Answers <paramref name="requests"/> more requests, then goes <see cref="Down"/>.</summary>
    public void GoDownAfter(int requests)
    {
        lock (_lock) _downAfter = requests;
    }

    /// <summary>Removes a run for good, as `mlflow gc` does: afterwards it is 404 RESOURCE_DOES_NOT_EXIST.</summary>
    public void PurgeRun(string runId)
    {
        lock (_lock) _runs.Remove(runId);
    }

    // ------------------------------------------------------------------ what tests read

    public IReadOnlyList<FakeRequest> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    public IReadOnlyList<FakeExperiment> Experiments
    {
        get { lock (_lock) return _experiments.Values.Select(e => e.Copy()).ToList(); }
    }

    public FakeExperiment? Experiment(string name)
    {
        lock (_lock) return _experiments.Values.FirstOrDefault(e => e.Name == name)?.Copy();
    }

    /// <summary>Runs of an experiment (deleted ones too), oldest first.</summary>
    public IReadOnlyList<FakeRun> RunsOf(string experimentName)
    {
        lock (_lock)
        {
            var experiment = _experiments.Values.FirstOrDefault(e => e.Name == experimentName);
            return experiment is null ? [] : _runs.Values.Where(r => r.ExperimentId == experiment.ExperimentId)
                .OrderBy(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal).Select(r => r.Copy()).ToList();
        }
    }

    public FakeRun? Run(string runId)
    {
        lock (_lock) return _runs.TryGetValue(runId, out var run) ? run.Copy() : null;
    }

    /// <summary>Artifacts of a run: path relative to its artifact root → bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> ArtifactsOf(string runId)
    {
        lock (_lock)
        {
            if (!_runs.TryGetValue(runId, out var run) || !run.ArtifactUri.StartsWith("mlflow-artifacts:/", StringComparison.Ordinal))
                return new Dictionary<string, byte[]>();
            var root = run.ArtifactUri["mlflow-artifacts:/".Length..] + "/";
            return _artifacts.Where(a => a.Key.StartsWith(root, StringComparison.Ordinal))
                .ToDictionary(a => a.Key[root.Length..], a => a.Value, StringComparer.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ------------------------------------------------------------------ the server

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();

        Fault? fault = null;
        bool down;
        lock (_lock)
        {
            if (_downAfter is { } left)
            {
                if (left <= 0)
                {
                    Down = true;
                    _downAfter = null;
                }
                else _downAfter = left - 1;
            }
            down = Down;
            if (!down)
            {
                fault = _faults.FirstOrDefault(f => f.Remaining > 0 && (f.PathContains is null || path.Contains(f.PathContains, StringComparison.Ordinal)));
                if (fault is { Skip: > 0 })
                {
                    fault.Skip--;
                    fault = null;
                }
                else if (fault is not null) fault.Remaining--;
            }
            if (request.Headers.Authorization.ToString() is { Length: > 0 } auth) AuthorizationsSeen.Add(auth);
        }
        if (down)
        {
            Record(request.Method, path, 0, body.Length);
            context.Abort();
            return;
        }
        if (fault is { Delay: var delay } && delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, fault.EvenIfAbandoned ? CancellationToken.None : context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Record(request.Method, path, 0, body.Length);
                return;
            }
        }
        else if (fault is { AfterActing: false })
        {
            await Answer(context, path, body.Length, Error(fault.Status, fault.ErrorCode, "injected fault"));
            return;
        }
        if (RequiredAuthorization is { } required && request.Headers.Authorization.ToString() != required)
        {
            Record(request.Method, path, 401, body.Length);
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"mlflow\"";
            await context.Response.WriteAsync("You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html");
            return;
        }

        Reply reply;
        try
        {
            reply = Route(request.Method, path, request.Query, body);
        }
        catch (ApiError error)
        {
            reply = Error(error.Status, error.Code, error.Message);
        }
        catch (JsonException ex)
        {
            reply = Error(400, "MALFORMED_REQUEST", "Malformed request: " + ex.Message);
        }
        if (fault is { AfterActing: true }) reply = Error(fault.Status, fault.ErrorCode, "injected fault, after carrying the request out");
        await Answer(context, path, body.Length, reply);
    }

    private async Task Answer(HttpContext context, string path, long bodyBytes, Reply reply)
    {
        Record(context.Request.Method, path, reply.Status, bodyBytes);
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        await context.Response.Body.WriteAsync(reply.Body);
    }

    private void Record(string method, string path, int status, long bodyBytes)
    {
        lock (_lock) _requests.Add(new FakeRequest(method, path, status, bodyBytes));
    }

    private sealed record Reply(int Status, byte[] Body, string ContentType = "application/json");

    private sealed class ApiError(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
    }

    private static Reply Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return new Reply(200, stream.ToArray());
    }

    private static Reply Empty() => new(200, "{}"u8.ToArray());

    private static Reply Error(int status, string code, string message) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("error_code", code);
        w.WriteString("message", message);
        w.WriteEndObject();
    }) with { Status = status };

    private static string DefaultCode(int status) => status switch
    {
        429 => "REQUEST_LIMIT_EXCEEDED",
        503 => "TEMPORARILY_UNAVAILABLE",
        404 => "RESOURCE_DOES_NOT_EXIST",
        400 => "INVALID_PARAMETER_VALUE",
        _ => "INTERNAL_ERROR",
    };

    private static ApiError Invalid(string message) => new(400, "INVALID_PARAMETER_VALUE", message);

    private static ApiError NotFound(string message) => new(404, "RESOURCE_DOES_NOT_EXIST", message);

    private Reply Route(string method, string path, IQueryCollection query, byte[] body)
    {
        const string api = "/api/2.0/mlflow/";
        const string artifacts = "/api/2.0/mlflow-artifacts/artifacts/";
        if (path.StartsWith(artifacts, StringComparison.Ordinal))
        {
            var artifactPath = Uri.UnescapeDataString(path[artifacts.Length..]);
            lock (_lock)
            {
                if (method == "PUT")
                {
                    _artifacts[artifactPath] = body;
                    return Empty();
                }
                if (method == "GET")
                    return _artifacts.TryGetValue(artifactPath, out var bytes)
                        ? new Reply(200, bytes, "application/octet-stream")
                        : throw NotFound($"File {artifactPath} does not exist");
            }
        }
        if (!path.StartsWith(api, StringComparison.Ordinal))
            return Error(404, "ENDPOINT_NOT_FOUND", $"No API endpoint for {path}");
        var endpoint = path[api.Length..];
        var json = method == "GET" ? default : Parse(body);
        lock (_lock)
        {
            return (method, endpoint) switch
            {
                ("GET", "experiments/get-by-name") => GetExperimentByName(query["experiment_name"].ToString()),
                ("GET", "experiments/get") => GetExperiment(query["experiment_id"].ToString()),
                ("POST", "experiments/create") => CreateExperiment(json),
                ("POST", "experiments/set-experiment-tag") => SetExperimentTag(json),
                ("POST", "experiments/delete") => DeleteExperiment(json),
                ("POST", "runs/create") => CreateRun(json),
                ("POST", "runs/update") => UpdateRun(json),
                ("POST", "runs/delete") => DeleteRun(json),
                ("POST", "runs/restore") => RestoreRun(json),
                ("GET", "runs/get") => GetRun(query["run_id"].ToString() is { Length: > 0 } id ? id : query["run_uuid"].ToString()),
                ("POST", "runs/search") => SearchRuns(json),
                ("POST", "runs/set-tag") => SetTag(json),
                ("POST", "runs/log-batch") => LogBatch(json, body.Length),
                ("GET", "metrics/get-history") => GetHistory(query["run_id"].ToString(), query["metric_key"].ToString()),
                _ => Error(404, "ENDPOINT_NOT_FOUND", $"No API endpoint for {method} {path}"),
            };
        }
    }

    private static JsonElement Parse(byte[] body)
    {
        if (body.Length == 0) return JsonDocument.Parse("{}").RootElement;
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("the body must be a JSON object");
        return document.RootElement.Clone();
    }

    // ------------------------------------------------------------------ experiments

    private Reply GetExperimentByName(string name)
    {
        var experiment = _experiments.Values.FirstOrDefault(e => e.Name == name)
                         ?? throw NotFound($"Could not find experiment with name '{name}'");
        return Json(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("experiment");
            WriteExperiment(w, experiment);
            w.WriteEndObject();
        });
    }

    private Reply GetExperiment(string id)
    {
        var experiment = _experiments.GetValueOrDefault(id) ?? throw NotFound($"No Experiment with id={id} exists");
        return Json(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("experiment");
            WriteExperiment(w, experiment);
            w.WriteEndObject();
        });
    }

    private Reply CreateExperiment(JsonElement json)
    {
        var name = Str(json, "name");
        if (string.IsNullOrEmpty(name)) throw Invalid("Invalid experiment name: ''");
        if (name.Length > MaxExperimentNameLength) throw Invalid($"'name' exceeds the maximum length of {MaxExperimentNameLength} characters");
        if (_experiments.Values.Any(e => e.Name == name))
            throw new ApiError(400, "RESOURCE_ALREADY_EXISTS", $"Experiment '{name}' already exists.");
        var tags = Tags(json, "tags");
        foreach (var (key, value) in tags) ValidateExperimentTag(key, value);
        var id = (_nextExperimentId++).ToString(CultureInfo.InvariantCulture);
        var experiment = new FakeExperiment { ExperimentId = id, Name = name };
        foreach (var (key, value) in tags) experiment.Tags[key] = value;
        _experiments[id] = experiment;
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("experiment_id", id);
            w.WriteEndObject();
        });
    }

    private Reply DeleteExperiment(JsonElement json)
    {
        var id = Required(json, "experiment_id");
        var experiment = _experiments.GetValueOrDefault(id) ?? throw NotFound($"No Experiment with id={id} exists");
        experiment.LifecycleStage = "deleted";
        foreach (var run in _runs.Values.Where(r => r.ExperimentId == id)) run.LifecycleStage = "deleted";
        return Empty();
    }

    private Reply SetExperimentTag(JsonElement json)
    {
        var id = Required(json, "experiment_id");
        var experiment = _experiments.GetValueOrDefault(id) ?? throw NotFound($"No Experiment with id={id} exists");
        if (experiment.LifecycleStage != "active") throw Invalid("The experiment must be in the 'active' state.");
        var key = Required(json, "key");
        var value = Str(json, "value") ?? "";
        ValidateExperimentTag(key, value);
        experiment.Tags[key] = value;
        return Empty();
    }

    private static void ValidateExperimentTag(string key, string value)
    {
        ValidateName(key, "key");
        if (key.Length > MaxEntityKeyLength) throw Invalid($"'key' exceeds the maximum length of {MaxEntityKeyLength} characters");
        if (value.Length > MaxExperimentTagValueLength)
            throw Invalid($"'value' exceeds the maximum length of {MaxExperimentTagValueLength} characters");
    }

    private static void WriteExperiment(Utf8JsonWriter w, FakeExperiment e)
    {
        w.WriteStartObject();
        w.WriteString("experiment_id", e.ExperimentId);
        w.WriteString("name", e.Name);
        w.WriteString("artifact_location", $"mlflow-artifacts:/{e.ExperimentId}");
        w.WriteString("lifecycle_stage", e.LifecycleStage);
        WriteKeyValues(w, "tags", e.Tags);
        w.WriteEndObject();
    }

    // ------------------------------------------------------------------ runs

    private Reply CreateRun(JsonElement json)
    {
        var experimentId = Str(json, "experiment_id") ?? "0";
        var experiment = _experiments.GetValueOrDefault(experimentId) ?? throw NotFound($"No Experiment with id={experimentId} exists");
        if (experiment.LifecycleStage != "active")
            throw Invalid($"The experiment {experimentId} must be in the 'active' state. Current state is deleted.");
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Tags(json, "tags")) tags[key] = ValidateTag(key, value);
        var runName = Str(json, "run_name") ?? tags.GetValueOrDefault("mlflow.runName") ?? "run-" + _runs.Count;
        tags["mlflow.runName"] = runName;
        var runId = Guid.NewGuid().ToString("N");
        var run = new FakeRun
        {
            RunId = runId, ExperimentId = experimentId, RunName = runName, StartTime = Long(json, "start_time"),
            ArtifactUri = ProxyArtifacts ? $"mlflow-artifacts:/{experimentId}/{runId}/artifacts" : $"/srv/mlruns/{experimentId}/{runId}/artifacts",
            UserId = Str(json, "user_id"), Tags = tags,
        };
        _runs[runId] = run;
        return Json(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("run");
            WriteRun(w, run);
            w.WriteEndObject();
        });
    }

    private FakeRun ExistingRun(JsonElement json) => ExistingRun(Str(json, "run_id") ?? Str(json, "run_uuid") ?? "");

    private FakeRun ExistingRun(string runId)
    {
        if (string.IsNullOrEmpty(runId)) throw Invalid("Missing value for required parameter 'run_id'.");
        return _runs.GetValueOrDefault(runId) ?? throw NotFound($"Run with id={runId} not found");
    }

    private static void RequireActive(FakeRun run)
    {
        if (run.LifecycleStage != "active")
            throw Invalid($"The run {run.RunId} must be in the 'active' state. Current state is {run.LifecycleStage}.");
    }

    private Reply UpdateRun(JsonElement json)
    {
        var run = ExistingRun(json);
        RequireActive(run);
        if (Str(json, "status") is { } status)
        {
            if (status is not ("RUNNING" or "SCHEDULED" or "FINISHED" or "FAILED" or "KILLED")) throw Invalid($"Invalid status '{status}'");
            run.Status = status;
        }
        if (Long(json, "end_time") is { } end) run.EndTime = end;
        if (Str(json, "run_name") is { } name)
        {
            run.RunName = name;
            run.Tags["mlflow.runName"] = name;
        }
        return Json(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("run_info");
            WriteRunInfo(w, run);
            w.WriteEndObject();
        });
    }

    private Reply DeleteRun(JsonElement json)
    {
        ExistingRun(json).LifecycleStage = "deleted";
        return Empty();
    }

    private Reply RestoreRun(JsonElement json)
    {
        ExistingRun(json).LifecycleStage = "active";
        return Empty();
    }

    private Reply GetRun(string runId)
    {
        var run = ExistingRun(runId);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("run");
            WriteRun(w, run);
            w.WriteEndObject();
        });
    }

    private Reply SetTag(JsonElement json)
    {
        var run = ExistingRun(json);
        RequireActive(run);
        var key = Required(json, "key");
        run.Tags[key] = ValidateTag(key, Str(json, "value") ?? "");
        if (key == "mlflow.runName") run.RunName = run.Tags[key];
        return Empty();
    }

    private Reply LogBatch(JsonElement json, int requestBytes)
    {
        if (requestBytes > MaxBatchLogRequestSize)
            throw Invalid($"Batched logging API requests must be at most {MaxBatchLogRequestSize} bytes, got a request of size {requestBytes}.");
        var run = ExistingRun(json);
        var metrics = Array(json, "metrics");
        var parameters = Array(json, "params");
        var tags = Array(json, "tags");
        Limit("metrics", MaxMetricsPerBatch, metrics.Count);
        Limit("params", MaxParamsTagsPerBatch, parameters.Count);
        Limit("tags", MaxParamsTagsPerBatch, tags.Count);
        Limit("metrics, params, and tags", MaxEntitiesPerBatch, metrics.Count + parameters.Count + tags.Count);

        var newMetrics = new List<FakeMetric>();
        for (var i = 0; i < metrics.Count; i++)
        {
            var m = metrics[i];
            var key = Str(m, "key") ?? throw Invalid($"Missing value for required parameter 'metrics[{i}].key'.");
            ValidateName(key, $"metrics[{i}].name");
            if (key.Length > MaxEntityKeyLength) throw Invalid($"'Metric name' exceeds the maximum length of {MaxEntityKeyLength} characters");
            var value = Double(m, "value") ?? throw Invalid($"Missing value for required parameter 'metrics[{i}].value'.");
            var timestamp = Long(m, "timestamp") ?? throw Invalid($"Missing value for required parameter 'metrics[{i}].timestamp'.");
            if (timestamp < 0) throw Invalid($"Invalid value {timestamp} for parameter 'metrics[{i}].timestamp' supplied.");
            newMetrics.Add(new FakeMetric(key, value, timestamp, Long(m, "step") ?? 0));
        }
        var newParams = new List<(string Key, string Value)>();
        for (var i = 0; i < parameters.Count; i++)
        {
            var key = Str(parameters[i], "key") ?? throw Invalid($"Missing value for required parameter 'params[{i}].key'.");
            ValidateName(key, $"params[{i}].key");
            if (key.Length > MaxEntityKeyLength) throw Invalid($"'Param key' exceeds the maximum length of {MaxEntityKeyLength} characters");
            var value = Str(parameters[i], "value") ?? "";
            if (value.Length > MaxParamValueLength)
            {
                value = value[..MaxParamValueLength];
                _truncatedValues++;
            }
            newParams.Add((key, value));
        }
        var duplicates = newParams.GroupBy(p => p.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            throw Invalid($"Duplicate parameter keys have been submitted: [{string.Join(", ", duplicates)}]. Please ensure the request contains only one param value per param key.");
        var newTags = new List<(string Key, string Value)>();
        for (var i = 0; i < tags.Count; i++)
        {
            var key = Str(tags[i], "key") ?? throw Invalid($"Missing value for required parameter 'tags[{i}].key'.");
            newTags.Add((key, ValidateTag(key, Str(tags[i], "value") ?? "")));
        }
        RequireActive(run);
        // SqlAlchemyStore.log_batch: params, then metrics, then tags, each committed in its own transaction
        foreach (var (key, value) in newParams)
            if (run.Params.TryGetValue(key, out var old) && old != value)
                throw Invalid($"Changing param values is not allowed. Params with key='{key}' was already logged with value='{old}' for run ID='{run.RunId}'. Attempted logging new value '{value}'.");
        foreach (var (key, value) in newParams) run.Params[key] = value;
        LogMetrics(run, newMetrics);
        foreach (var (key, value) in newTags) run.Tags[key] = value;
        return Empty();
    }

    /// <summary>
    /// SqlAlchemyStore._log_metrics (MLflow 2.x to 3.x, before mlflow/mlflow#20807): points are unique by
    /// (key, timestamp, step, value). A batch without a point the run holds is inserted. Otherwise the
    /// insert fails, is rolled back, and the store retries per 100 points of the batch: it reads the
    /// history of those 100 points' keys only, and inserts every point of the whole batch not in that
    /// history (committing each such insert). A point already held under a key outside those 100 makes
    /// that insert fail: 400 BAD_REQUEST, with the inserts of earlier rounds kept. So a resent batch of at
    /// most 100 metrics is accepted without a duplicate; a larger one is refused when its rounds' keys differ.
    /// </summary>
    private void LogMetrics(FakeRun run, List<FakeMetric> batch)
    {
        // FakeMetric's equality is SamePoint's: key, value, timestamp and step
        var points = batch.Distinct().ToList();
        var stored = run.Metrics.ToHashSet();
        var held = points.Count(stored.Contains);
        _resentPoints += held;
        if (held == 0)
        {
            run.Metrics.AddRange(points);
            return;
        }
        for (var start = 0; start < points.Count; start += 100)
        {
            var keys = points.Skip(start).Take(100).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            var history = stored.Where(m => keys.Contains(m.Key)).ToHashSet();
            var insert = points.Where(p => !history.Contains(p)).ToList();
            if (insert.Any(stored.Contains))
                throw new ApiError(400, "BAD_REQUEST",
                    "(sqlite3.IntegrityError) UNIQUE constraint failed: metrics.key, metrics.timestamp, metrics.step, metrics.run_uuid, metrics.value, metrics.is_nan");
            run.Metrics.AddRange(insert);
            stored.UnionWith(insert);
        }
    }

    private static void Limit(string what, int limit, int count)
    {
        if (count > limit)
            throw Invalid($"A batch logging request can contain at most {limit} {what}. Got {count} {what}. Please split up {what} across multiple requests and try again.");
    }

    private string ValidateTag(string key, string value)
    {
        ValidateName(key, "key");
        if (key.Length > MaxEntityKeyLength) throw Invalid($"'key' exceeds the maximum length of {MaxEntityKeyLength} characters");
        if (value.Length <= MaxTagValueLength) return value;
        _truncatedValues++;
        return value[..MaxTagValueLength];
    }

    [GeneratedRegex(@"^[/\w.\- :]*$")]
    private static partial Regex ValidName();

    private static void ValidateName(string name, string path)
    {
        if (!ValidName().IsMatch(name))
            throw Invalid($"Invalid value \"{name}\" for parameter '{path}' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).");
        var segments = name.Split('/');
        if (name is "." || name.StartsWith('/') || name.EndsWith('/') || name.Contains("//", StringComparison.Ordinal)
            || segments.Any(s => s is "." or ".."))
            throw Invalid($"Invalid value \"{name}\" for parameter '{path}' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such.");
    }

    private Reply SearchRuns(JsonElement json)
    {
        var experimentIds = Array(json, "experiment_ids").Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToHashSet();
        var view = Str(json, "run_view_type") ?? "ACTIVE_ONLY";
        var maxResults = (int)(Long(json, "max_results") ?? 1000);
        if (maxResults is < 1 or > 50000) throw Invalid($"Invalid value {maxResults} for parameter 'max_results' supplied.");
        var conditions = ParseFilter(Str(json, "filter"));
        var offset = Str(json, "page_token") is { Length: > 0 } token
            ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), CultureInfo.InvariantCulture)
            : 0;
        var matching = _runs.Values
            .Where(r => experimentIds.Contains(r.ExperimentId))
            .Where(r => view switch
            {
                "ACTIVE_ONLY" => r.LifecycleStage == "active",
                "DELETED_ONLY" => r.LifecycleStage == "deleted",
                _ => true,
            })
            .Where(r => conditions.All(c => c.Kind == "tags"
                ? r.Tags.TryGetValue(c.Key, out var v) && v == c.Value
                : r.Params.TryGetValue(c.Key, out var p) && p == c.Value))
            .OrderByDescending(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal)
            .ToList();
        var page = matching.Skip(offset).Take(maxResults).ToList();
        // as the SQL store: a full page has a token, even when nothing follows it
        var next = page.Count == maxResults
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + page.Count).ToString(CultureInfo.InvariantCulture)))
            : null;
        return Json(w =>
        {
            w.WriteStartObject();
            if (page.Count > 0)
            {
                w.WriteStartArray("runs");
                foreach (var run in page) WriteRun(w, run);
                w.WriteEndArray();
            }
            if (next is not null) w.WriteString("next_page_token", next);
            w.WriteEndObject();
        });
    }

    private sealed record Condition(string Kind, string Key, string Value);

    [GeneratedRegex("""^\s*(tags|tag|params|param)\.(?:`([^`]+)`|"([^"]+)"|([\w.\-/:]+))\s*=\s*(?:'([^']*)'|"([^"]*)")\s*$""", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex And();

    /// <summary>The subset of MLflow's search grammar DqnLab uses: tags.KEY = 'value' (and params.), joined by AND.</summary>
    private static List<Condition> ParseFilter(string? filter)
    {
        var conditions = new List<Condition>();
        if (string.IsNullOrWhiteSpace(filter)) return conditions;
        foreach (var clause in And().Split(filter))
        {
            var match = Clause().Match(clause);
            if (!match.Success) throw Invalid($"Invalid clause(s) in filter string: '{clause}'");
            var kind = match.Groups[1].Value.StartsWith("tag", StringComparison.OrdinalIgnoreCase) ? "tags" : "params";
            var key = match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Success ? match.Groups[3].Value : match.Groups[4].Value;
            var value = match.Groups[5].Success ? match.Groups[5].Value : match.Groups[6].Value;
            conditions.Add(new Condition(kind, key, value));
        }
        return conditions;
    }

    private Reply GetHistory(string runId, string key)
    {
        var run = ExistingRun(runId);
        var points = run.Metrics.Where(m => m.Key == key).OrderBy(m => m.Step).ThenBy(m => m.Timestamp).ToList();
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("metrics");
            foreach (var m in points) WriteMetric(w, m);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteRun(Utf8JsonWriter w, FakeRun run)
    {
        w.WriteStartObject();
        w.WritePropertyName("info");
        WriteRunInfo(w, run);
        w.WritePropertyName("data");
        w.WriteStartObject();
        w.WriteStartArray("metrics");
        foreach (var latest in run.Metrics.GroupBy(m => m.Key)
                     .Select(g => g.OrderByDescending(m => m.Step).ThenByDescending(m => m.Timestamp).First()))
            WriteMetric(w, latest);
        w.WriteEndArray();
        WriteKeyValues(w, "params", run.Params);
        WriteKeyValues(w, "tags", run.Tags);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRunInfo(Utf8JsonWriter w, FakeRun run)
    {
        w.WriteStartObject();
        w.WriteString("run_id", run.RunId);
        w.WriteString("run_uuid", run.RunId);
        if (run.RunName is not null) w.WriteString("run_name", run.RunName);
        w.WriteString("experiment_id", run.ExperimentId);
        if (run.UserId is not null) w.WriteString("user_id", run.UserId);
        w.WriteString("status", run.Status);
        if (run.StartTime is { } start) w.WriteNumber("start_time", start);
        if (run.EndTime is { } end) w.WriteNumber("end_time", end);
        w.WriteString("artifact_uri", run.ArtifactUri);
        w.WriteString("lifecycle_stage", run.LifecycleStage);
        w.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter w, FakeMetric m)
    {
        w.WriteStartObject();
        w.WriteString("key", m.Key);
        if (double.IsFinite(m.Value)) w.WriteNumber("value", m.Value);
        else w.WriteString("value", double.IsNaN(m.Value) ? "NaN" : m.Value > 0 ? "Infinity" : "-Infinity");
        w.WriteNumber("timestamp", m.Timestamp);
        w.WriteNumber("step", m.Step);
        w.WriteEndObject();
    }

    private static void WriteKeyValues(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> values)
    {
        w.WriteStartArray(name);
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    // ------------------------------------------------------------------ protobuf JSON reading

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p)
            ? p.ValueKind switch
            {
                JsonValueKind.String => p.GetString(),
                JsonValueKind.Number => p.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw Invalid($"Invalid value {p.GetRawText()} for parameter '{name}' supplied."),
            }
            : null;

    private static string Required(JsonElement e, string name) =>
        Str(e, name) is { Length: > 0 } value ? value : throw Invalid($"Missing value for required parameter '{name}'.");

    private static long? Long(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return null;
        if (p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var n)) return n;
        if (p.ValueKind == JsonValueKind.String && long.TryParse(p.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)) return s;
        throw Invalid($"Invalid value {p.GetRawText()} for parameter '{name}' supplied.");
    }

    private static double? Double(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return null;
        if (p.ValueKind == JsonValueKind.Number) return p.GetDouble();
        if (p.ValueKind == JsonValueKind.String)
            switch (p.GetString())
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        throw Invalid($"Invalid value {p.GetRawText()} for parameter '{name}' supplied: Please specify value as a valid double (64-bit floating point)");
    }

    private static List<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().ToList()
            : [];

    private static List<(string Key, string Value)> Tags(JsonElement e, string name) =>
        Array(e, name).Select(t => (Str(t, "key") ?? throw Invalid($"Missing value for required parameter '{name}.key'."), Str(t, "value") ?? "")).ToList();
}
