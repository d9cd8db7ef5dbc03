using Lab.Agent;
using Lab.Runner.Store;




namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// Sends one trial to one MLflow server and records in its mlflow.json how far it got, after every
/// acknowledged request. Used by the live sink (rows from events) and by `runner mlflow sync` (rows from
/// files), so both end in the same state. Everything is sent at most once per acknowledged request; a
/// request resent after a lost answer carries identical points (recorded timestamps), which MLflow keeps once.
/// </summary>
internal sealed class TrialSyncer
{
    private const int EpisodeRowsPerRequest = MlflowLimits.MaxMetricsPerBatch / MlflowMapping.MetricsPerEpisode;
    private const int EvaluationRowsPerRequest = MlflowLimits.MaxMetricsPerBatch / MlflowMapping.MetricsPerEvaluation;

    private readonly MlflowClient _client;
    private readonly SortedDictionary<string, SyncState> _servers;

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
    /// Live: a trial that starts now. Runs of an earlier attempt of the same trial id (a resumed sweep runs
    /// an incomplete trial again from scratch, in a fresh folder) are moved to the trash, so that one trial
    /// is one run. Returns the ids of the runs it replaced.
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateFreshRunAsync(string experimentId, string? parentRunId, TrialInfo trial,
        long startTimeMs, MlflowRunSource source, CancellationToken cancel)
    {
        var earlier = await _client.SearchRunsAsync(experimentId, MlflowMapping.TrialFilter(trial.TrialId), cancel);
        foreach (var run in earlier) await _client.DeleteRunAsync(run.Info.RunId, cancel);
        await CreateRunAsync(experimentId, parentRunId, trial, startTimeMs, source, cancel);
        return earlier.Select(r => r.Info.RunId).ToList();
    }

    /// <summary>
    /// Sync: the run tagged with this trial id when there is one (the oldest, if several), else a new run.
    /// Never creates a second run for a trial the server already has.
    /// </summary>
    public async Task<bool> AdoptOrCreateRunAsync(string experimentId, string? parentRunId, TrialInfo trial,
        long startTimeMs, MlflowRunSource source, CancellationToken cancel)
    {
        var found = await _client.SearchRunsAsync(experimentId, MlflowMapping.TrialFilter(trial.TrialId), cancel);
        if (found.Count > 0)
        {
            var run = found.OrderBy(r => r.Info.StartTimeMs ?? long.MaxValue).ThenBy(r => r.Info.RunId, StringComparer.Ordinal).First();
            Reset();
            Run = run.Info;
            State.RunId = run.Info.RunId;
            State.ExperimentId = run.Info.ExperimentId;
            State.StatusSent = run.Info.Status is MlflowRunStatus.Running ? null : run.Info.Status;
            Save();
            return false;
        }
        await CreateRunAsync(experimentId, parentRunId, trial, startTimeMs, source, cancel);
        return true;
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
        await _client.LogBatchAsync(RunId, [], MlflowMapping.Params(trial), [], cancel);
        State.ParamsSent = true;
        Save();
    }

    /// <summary>Sends episode rows not yet on the server; <paramref name="rows"/>[i] is row <paramref name="firstRow"/> + i.</summary>
    public async Task<int> SendEpisodesAsync(IReadOnlyList<EpisodeRecord> rows, int firstRow, CancellationToken cancel)
    {
        var sent = 0;
        while (State.MetricRowsSynced - firstRow is var offset && offset >= 0 && offset < rows.Count)
        {
            var count = Math.Min(EpisodeRowsPerRequest, rows.Count - offset);
            var metrics = new List<MlflowMetric>(count * MlflowMapping.MetricsPerEpisode);
            for (var i = offset; i < offset + count; i++) metrics.AddRange(MlflowMapping.Episode(rows[i]));
            await _client.LogBatchAsync(RunId, metrics, null, null, cancel);
            State.MetricRowsSynced += count;
            sent += count;
            Save();
        }
        return sent;
    }

    /// <summary>Sends evaluation rows not yet on the server; <paramref name="rows"/>[i] is row <paramref name="firstRow"/> + i.</summary>
    public async Task<int> SendEvaluationsAsync(IReadOnlyList<EvaluationRecord> rows, int firstRow, CancellationToken cancel)
    {
        var sent = 0;
        while (State.EvalRowsSynced - firstRow is var offset && offset >= 0 && offset < rows.Count)
        {
            var count = Math.Min(EvaluationRowsPerRequest, rows.Count - offset);
            var metrics = new List<MlflowMetric>(count * MlflowMapping.MetricsPerEvaluation);
            for (var i = offset; i < offset + count; i++) metrics.AddRange(MlflowMapping.Evaluation(rows[i]));
            await _client.LogBatchAsync(RunId, metrics, null, null, cancel);
            State.EvalRowsSynced += count;
            sent += count;
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
            await _client.LogBatchAsync(RunId, MlflowMapping.Final(outcome).ToList(), null, MlflowMapping.OutcomeTags(outcome), cancel);
            State.FinalSent = true;
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
    }

    private void Save() => SyncStateFile.Save(Directory, _servers);
}
