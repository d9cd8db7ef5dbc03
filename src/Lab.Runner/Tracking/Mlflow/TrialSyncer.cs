using Lab.Agent;
using Lab.Runner.Store;

namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// Sends one trial to one MLflow server and records in its mlflow.json how far it got, after every
/// acknowledged request. Used by the live sink (rows from events) and by `runner mlflow sync` (rows from
/// files), so both end in the same state. A point is sent again only after the server's metric history
/// says it is not there: when a request got no answer, or a run is found again without its mlflow.json,
/// the rows it may have carried are marked unconfirmed, and their points are checked before they are sent.
/// </summary>
internal sealed class TrialSyncer
{
    /// <summary>
    /// MLflow's SQL store (2.x to at least 3.0) keeps a resent point once only in a batch of at most 100
    /// metrics: its duplicate check reads the history of 100 metrics at a time and, past that, answers 400
    /// BAD_REQUEST after committing part of the batch. Points of unknown fate go in requests of this size.
    /// </summary>
    private const int SafeResendMetrics = 100;

    private readonly MlflowClient _client;
    private readonly SortedDictionary<string, SyncState> _servers;
    private readonly List<EpisodeRecord> _episodes = [];
    private readonly List<EvaluationRecord> _evaluations = [];
    /// <summary>The server's points per metric key, read when points of unknown fate are about to be sent.</summary>
    private readonly Dictionary<string, HashSet<MlflowMetric>> _onServer = new(StringComparer.Ordinal);

    public TrialSyncer(MlflowClient client, string trialDirectory)
    {
        _client = client;
        Directory = trialDirectory;
        _servers = SyncStateFile.Load(trialDirectory);
        if (!_servers.TryGetValue(client.TrackingUri, out var state))
            _servers[client.TrackingUri] = state = new SyncState();
        State = state;
    }

    public string Directory { get; }
    public SyncState State { get; private set; }
    public MlflowRunInfo? Run { get; private set; }
    /// <summary>Set when the run recorded in mlflow.json was gone from the server (its id).</summary>
    public string? LostRunId { get; private set; }
    /// <summary>Set when the server does not proxy artifacts (the message, once).</summary>
    public string? ArtifactProblem { get; private set; }

    /// <summary>
    /// Re-attaches to the run recorded in mlflow.json. When the server no longer has it (404), or it is in
    /// the trash, the record is reset and false is returned: the trial is then logged again from the start.
    /// </summary>
    public async Task<bool> AttachRecordedRunAsync(CancellationToken cancel)
    {
        if (State.RunId is not { } runId) return false;
        var run = await _client.FindRunAsync(runId, cancel);
        if (run is not null && run.Info.IsActive)
        {
            Run = run.Info;
            return true;
        }
        LostRunId = runId;
        Reset();
        return false;
    }

    /// <summary>
    /// Live: a trial that starts now, as a run of the sweep whose parent run is <paramref name="parentRunId"/>.
    /// A run of this trial and sweep that started at <paramref name="startTimeMs"/> is this attempt's own
    /// (made by a runs/create whose answer was lost) and is kept. Runs of earlier attempts (a resumed sweep
    /// runs an incomplete trial again from scratch, in a fresh folder) are moved to the trash, so that one
    /// trial is one run. Returns the ids of the runs it replaced.
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateFreshRunAsync(string experimentId, string? parentRunId, TrialInfo trial,
        long startTimeMs, MlflowRunSource source, CancellationToken cancel)
    {
        var found = await FindRunsAsync(experimentId, parentRunId, trial.TrialId, cancel);
        var own = found.FirstOrDefault(r => r.Info.StartTimeMs == startTimeMs);
        var earlier = found.Where(r => !ReferenceEquals(r, own)).ToList();
        foreach (var run in earlier) await _client.DeleteRunAsync(run.Info.RunId, cancel);
        if (own is not null) Adopt(own.Info, 0, 0, false);
        else await CreateRunAsync(experimentId, parentRunId, trial, startTimeMs, source, cancel);
        return earlier.Select(r => r.Info.RunId).ToList();
    }

    /// <summary>
    /// Sync: the run of this trial in this sweep when there is one (the oldest, if several), else a new run.
    /// Never creates a second run for a trial the sweep's run already has. A run found this way may hold any
    /// of the trial's points (its mlflow.json was lost), so the <paramref name="episodeRows"/> and
    /// <paramref name="evaluationRows"/> rows there are now, and the final points, are checked before sent.
    /// </summary>
    public async Task<bool> AdoptOrCreateRunAsync(string experimentId, string? parentRunId, TrialInfo trial,
        long startTimeMs, MlflowRunSource source, int episodeRows, int evaluationRows, CancellationToken cancel)
    {
        var found = await FindRunsAsync(experimentId, parentRunId, trial.TrialId, cancel);
        if (found.Count > 0)
        {
            Adopt(found[0].Info, episodeRows, evaluationRows, true);
            return false;
        }
        await CreateRunAsync(experimentId, parentRunId, trial, startTimeMs, source, cancel);
        return true;
    }

    /// <summary>Runs of the trial in the sweep (top-level runs when there is no sweep), oldest first.</summary>
    private async Task<List<MlflowRun>> FindRunsAsync(string experimentId, string? parentRunId, string trialId, CancellationToken cancel) =>
        (await _client.SearchRunsAsync(experimentId, MlflowMapping.TrialFilter(trialId, parentRunId), cancel))
        .Where(r => parentRunId is not null || !r.Tags.ContainsKey(MlflowMapping.ParentRunTag))
        .OrderBy(r => r.Info.StartTimeMs ?? long.MaxValue).ThenBy(r => r.Info.RunId, StringComparer.Ordinal)
        .ToList();

    private void Adopt(MlflowRunInfo run, int unconfirmedEpisodes, int unconfirmedEvaluations, bool unconfirmedFinal)
    {
        Reset();
        Run = run;
        State.RunId = run.RunId;
        State.ExperimentId = run.ExperimentId;
        State.StatusSent = run.Status is MlflowRunStatus.Running ? null : run.Status;
        State.UnconfirmedMetricRows = unconfirmedEpisodes;
        State.UnconfirmedEvalRows = unconfirmedEvaluations;
        State.UnconfirmedFinal = unconfirmedFinal;
        Save();
    }

    private async Task CreateRunAsync(string experimentId, string? parentRunId, TrialInfo trial, long startTimeMs,
        MlflowRunSource source, CancellationToken cancel)
    {
        Reset();
        Run = await _client.CreateRunAsync(experimentId, MlflowMapping.RunName(trial), startTimeMs,
            MlflowMapping.TrialTags(trial, parentRunId, source), cancel);
        State.RunId = Run.RunId;
        State.ExperimentId = experimentId;
        Save();
    }

    public async Task SendParamsAsync(TrialInfo trial, CancellationToken cancel)
    {
        if (State.ParamsSent) return;
        try
        {
            await _client.LogBatchAsync(RunId, [], MlflowMapping.Params(trial), [], cancel);
        }
        catch (MlflowException ex) when (ex.MaybeApplied && !ex.IsTransient)
        {
            // the SQL store's BAD_REQUEST: a database error; the same params again are harmless
            await _client.LogBatchAsync(RunId, [], MlflowMapping.Params(trial), [], cancel);
        }
        State.ParamsSent = true;
        Save();
    }

    /// <summary>Rows of metrics.csv as they come: <paramref name="rows"/>[i] is row <paramref name="firstRow"/> + i; rows seen before are skipped.</summary>
    public void ObserveEpisodes(IReadOnlyList<EpisodeRecord> rows, int firstRow) => Observe(_episodes, rows, firstRow);

    /// <summary>Rows of eval.csv as they come; an evaluation must be observed before the episode rows that follow it are sent.</summary>
    public void ObserveEvaluations(IReadOnlyList<EvaluationRecord> rows, int firstRow) => Observe(_evaluations, rows, firstRow);

    private static void Observe<T>(List<T> seen, IReadOnlyList<T> rows, int firstRow)
    {
        if (firstRow > seen.Count) throw new InvalidOperationException($"rows {seen.Count} to {firstRow - 1} were never observed");
        for (var i = seen.Count - firstRow; i < rows.Count; i++) seen.Add(rows[i]);
    }

    /// <summary>Observed rows not on the server yet.</summary>
    public int UnsentRows => Math.Max(0, _episodes.Count - State.MetricRowsSynced) + Math.Max(0, _evaluations.Count - State.EvalRowsSynced);

    /// <summary>Sends the observed episode rows the server lacks, at most ~1,000 points a request; returns how many rows.</summary>
    public async Task<int> SendEpisodesAsync(CancellationToken cancel)
    {
        var sent = 0;
        while (State.MetricRowsSynced < _episodes.Count)
        {
            var start = State.MetricRowsSynced;
            var unconfirmed = start < State.UnconfirmedMetricRows;
            var end = unconfirmed ? Math.Min(_episodes.Count, State.UnconfirmedMetricRows) : _episodes.Count;
            var metrics = new List<MlflowMetric>();
            var next = start;
            while (next < end)
            {
                var points = MlflowMapping.Episode(_episodes, next, _evaluations).ToList();
                if (metrics.Count > 0 && metrics.Count + points.Count > MlflowLimits.MaxMetricsPerBatch) break;
                metrics.AddRange(points);
                next++;
            }
            await SendAsync(metrics, null, unconfirmed, () => State.UnconfirmedMetricRows = Math.Max(State.UnconfirmedMetricRows, next), cancel);
            State.MetricRowsSynced = next;
            if (next >= State.UnconfirmedMetricRows) State.UnconfirmedMetricRows = 0;
            sent += next - start;
            Save();
        }
        return sent;
    }

    /// <summary>Sends the observed evaluation rows the server lacks; returns how many rows.</summary>
    public async Task<int> SendEvaluationsAsync(CancellationToken cancel)
    {
        const int rowsPerRequest = MlflowLimits.MaxMetricsPerBatch / 6;
        var sent = 0;
        while (State.EvalRowsSynced < _evaluations.Count)
        {
            var start = State.EvalRowsSynced;
            var unconfirmed = start < State.UnconfirmedEvalRows;
            var end = Math.Min(start + rowsPerRequest, unconfirmed ? Math.Min(_evaluations.Count, State.UnconfirmedEvalRows) : _evaluations.Count);
            var metrics = _evaluations.Skip(start).Take(end - start).SelectMany(e => MlflowMapping.Evaluation(e)).ToList();
            await SendAsync(metrics, null, unconfirmed, () => State.UnconfirmedEvalRows = Math.Max(State.UnconfirmedEvalRows, end), cancel);
            State.EvalRowsSynced = end;
            if (end >= State.UnconfirmedEvalRows) State.UnconfirmedEvalRows = 0;
            sent += end - start;
            Save();
        }
        return sent;
    }

    /// <summary>The end of a trial: final/... metrics and status tags, artifacts, then the run's status and end time.</summary>
    public async Task<bool> FinishAsync(TrialOutcome outcome, CancellationToken cancel)
    {
        var changed = false;
        if (!State.FinalSent)
        {
            await SendAsync(MlflowMapping.Final(outcome).ToList(), MlflowMapping.OutcomeTags(outcome), State.UnconfirmedFinal,
                () => State.UnconfirmedFinal = true, cancel);
            State.FinalSent = true;
            State.UnconfirmedFinal = false;
            Save();
            changed = true;
        }
        changed |= await SendArtifactsAsync(TrialFiles.FinishedArtifacts, cancel) > 0;
        var status = MlflowMapping.RunStatus(outcome.Status);
        if (State.StatusSent != status)
        {
            await _client.UpdateRunAsync(RunId, status, outcome.UnixTimeMs, cancel);
            State.StatusSent = status;
            Save();
            changed = true;
        }
        return changed;
    }

    /// <summary>
    /// One log-batch of points (and tags). Points of unknown fate (<paramref name="unconfirmed"/>) are first
    /// checked against the server's history and the rest go in requests the SQL store accepts even when a
    /// point is there already. When the request may have reached the server without a success coming back,
    /// its rows are marked unconfirmed (<paramref name="markUnconfirmed"/>, saved) and it is tried again, up to
    /// three times in all, after reading the history; then the error is thrown (and it is tried again later).
    /// </summary>
    private async Task SendAsync(List<MlflowMetric> metrics, IReadOnlyList<KeyValuePair<string, string>>? tags, bool unconfirmed,
        Action markUnconfirmed, CancellationToken cancel)
    {
        for (var attempt = 0; ; attempt++)
        {
            var points = metrics;
            if (unconfirmed)
            {
                points = [];
                foreach (var metric in metrics)
                    if (!(await OnServerAsync(metric.Key, cancel)).Contains(metric)) points.Add(metric);
            }
            try
            {
                if (points.Count > 0 || tags is { Count: > 0 })
                    await _client.LogBatchAsync(RunId, points, null, tags, cancel,
                        unconfirmed ? SafeResendMetrics : MlflowLimits.MaxMetricsPerBatch);
                foreach (var point in points)
                    if (_onServer.TryGetValue(point.Key, out var known)) known.Add(point);
                return;
            }
            catch (MlflowException ex) when (ex.MaybeApplied)
            {
                markUnconfirmed();
                Save();
                _onServer.Clear();
                unconfirmed = true;
                if (attempt >= 2) throw;
            }
        }
    }

    private async Task<HashSet<MlflowMetric>> OnServerAsync(string key, CancellationToken cancel)
    {
        if (!_onServer.TryGetValue(key, out var points))
            _onServer[key] = points = [.. await _client.GetMetricHistoryAsync(RunId, key, cancel)];
        return points;
    }

    /// <summary>Uploads the named files of the trial folder that exist and are not on the server yet.</summary>
    public async Task<int> SendArtifactsAsync(IEnumerable<string> names, CancellationToken cancel)
    {
        var sent = 0;
        foreach (var name in names)
        {
            if (ArtifactProblem is not null || State.ArtifactsSent.Contains(name)) continue;
            if (await TrialFiles.ReadArtifactAsync(Directory, name, cancel) is not { } content) continue;
            try
            {
                await _client.LogArtifactAsync(RunId, name, content, cancel);
            }
            catch (MlflowException ex) when (ex.ErrorCode == MlflowErrorCodes.ArtifactsNotProxied)
            {
                ArtifactProblem = ex.Message;
                continue;
            }
            State.ArtifactsSent.Add(name);
            sent++;
            Save();
        }
        return sent;
    }

    private string RunId => State.RunId ?? throw new InvalidOperationException("no MLflow run yet");

    private void Reset()
    {
        State = new SyncState();
        _servers[_client.TrackingUri] = State;
        Run = null;
        _onServer.Clear();
    }

    private void Save() => SyncStateFile.Save(Directory, _servers);
}
