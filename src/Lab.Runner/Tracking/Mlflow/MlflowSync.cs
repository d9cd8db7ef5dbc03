using Lab.Agent;
using Lab.Runner.Store;

namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// `runner mlflow sync RESULTS_DIR`: sends what the results store has and the server lacks, exactly once.
/// For each trial folder it finds its run (the one in mlflow.json, else the sweep's run tagged with its
/// trial id, else a new one), then sends only what mlflow.json says is missing (checking the server's
/// metric history first where mlflow.json cannot say), updating mlflow.json after each acknowledged
/// request. Running it twice changes nothing the second time; after a partial live log it ends where a
/// complete live log ends. Unfinished trials (no status.json) stay RUNNING.
/// </summary>
internal static class MlflowSync
{
    public const int Ok = 0;
    /// <summary>Something was not sent: the server was unreachable or refused a trial. Run again later.</summary>
    public const int Incomplete = 1;
    public const int BadInput = 2;

    /// <param name="resultsDirectory">results/&lt;experiment&gt; (a sweep's folder) or one trial's folder.</param>
    /// <param name="trackingUri">--tracking-uri; null = MLFLOW_TRACKING_URI.</param>
    /// <param name="log">One line per message, for people.</param>
    /// <returns>0 when everything is on the server, 1 when something could not be sent, 2 for bad input.</returns>
    public static int Run(string resultsDirectory, string? trackingUri, Action<string> log) =>
        Run(resultsDirectory, trackingUri, log, Environment.GetEnvironmentVariable, new MlflowClientOptions());

    internal static int Run(string resultsDirectory, string? trackingUri, Action<string> log,
        Func<string, string?> environment, MlflowClientOptions options)
    {
        var raw = string.IsNullOrWhiteSpace(trackingUri) ? environment("MLFLOW_TRACKING_URI") : trackingUri;
        if (string.IsNullOrWhiteSpace(raw))
        {
            log("mlflow sync: no MLflow server given: pass --tracking-uri http://HOST:PORT or set MLFLOW_TRACKING_URI.");
            return BadInput;
        }
        if (!MlflowEndpoint.TryParse(raw, out _, out var error))
        {
            log($"mlflow sync: {error}.");
            return BadInput;
        }
        if (!Directory.Exists(resultsDirectory))
        {
            log($"mlflow sync: no such folder: {resultsDirectory}");
            return BadInput;
        }

        var single = ResultsReader.IsTrialFolder(resultsDirectory);
        var sweepDirectory = single ? Path.GetDirectoryName(Path.GetFullPath(resultsDirectory))! : resultsDirectory;
        List<string> trialDirectories = single ? [resultsDirectory] : ResultsReader.TrialFolders(resultsDirectory);
        SweepFile? sweep;
        try
        {
            sweep = SweepFile.Read(sweepDirectory);
        }
        catch (FormatException ex)
        {
            log($"mlflow sync: {ex.Message}");
            return BadInput;
        }
        if (!single && sweep is not null)
        {
            // As in the report: folders left over from another version of the grid are not this sweep's runs.
            var others = trialDirectories.Count(d => !sweep.Includes(d));
            if (others > 0)
            {
                log($"mlflow sync: skipping {others} trial folders that are not part of this sweep (see sweep.json).");
                trialDirectories = [.. trialDirectories.Where(sweep.Includes)];
            }
        }
        if (trialDirectories.Count == 0)
        {
            log($"mlflow sync: no trial folders in {resultsDirectory}.");
            return BadInput;
        }

        SweepLock sweepLock;
        try
        {
            sweepLock = SweepLock.Acquire(sweepDirectory);
        }
        catch (SweepLockedException)
        {
            log($"mlflow sync: a sweep is writing to {sweepDirectory} right now (and logs to MLflow itself if it can); sync after it ends.");
            return BadInput;
        }
        using (sweepLock)
        using (var client = new MlflowClient(raw, MlflowCredentials.FromEnvironment(environment), options))
        {
            return new Syncer(client, log, sweep, sweepDirectory).RunAsync(trialDirectories)
                .GetAwaiter().GetResult();
        }
    }

    private sealed class Syncer(MlflowClient client, Action<string> log, SweepFile? sweep, string sweepDirectory)
    {
        private readonly MlflowRunSource _source = new(Environment.UserName, sweep?.GitCommit);
        private readonly Dictionary<string, string> _experiments = new(StringComparer.Ordinal);
        private readonly HashSet<string> _artifactProblems = new(StringComparer.Ordinal);
        private int _created, _updated, _current, _failed, _recorded;
        private (TrialSyncer Syncer, SyncState Before)? _inProgress;

        public async Task<int> RunAsync(IReadOnlyList<string> trialDirectories)
        {
            var cancel = CancellationToken.None;
            var folders = new List<TrialResult>();
            foreach (var directory in trialDirectories)
            {
                var trial = ResultsReader.ReadTrial(directory);
                if (trial.Identified && trial.State != TrialState.Unreadable) folders.Add(trial);
                else
                {
                    log($"mlflow sync: skipped {directory}: {trial.Reason}");
                    _failed++;
                }
            }

            if (folders.Count == 0)
            {
                log("mlflow sync: no trial could be read; nothing was sent.");
                return Incomplete;
            }

            log($"Syncing {Trials(folders.Count)} to {client.TrackingUri} ...");
            try
            {
                await client.ProbeAsync(sweep?.Name ?? folders[0].Info.Experiment, cancel);
            }
            catch (MlflowException ex) when (ex.IsTransient)
            {
                log(ex.HttpStatus == 0
                    ? $"mlflow sync: cannot reach MLflow at {client.TrackingUri}: {ex.Problem}; nothing was sent. " +
                      "Is the server running at that address? Start it (e.g. mlflow server --host 127.0.0.1 --port 5000), " +
                      "then run the same command again."
                    : $"mlflow sync: MLflow at {client.TrackingUri} is not taking requests ({ex.Problem}); nothing was sent: run the same command again later.");
                return Incomplete;
            }
            catch (MlflowException ex)
            {
                log($"mlflow sync: {ex.Message}; nothing was sent.");
                return Incomplete;
            }

            string? experimentId = null;
            MlflowRunInfo? parent = null;
            try
            {
                if (sweep?.Name is { } name)
                {
                    experimentId = await client.GetOrCreateExperimentAsync(name,
                        MlflowMapping.ExperimentTags(sweep.Question, sweep.GridText), cancel);
                    _experiments[name] = experimentId;
                    if (sweep.SweepId is { } sweepId)
                        parent = await SweepRuns.FindOrCreateParentAsync(client, experimentId, name, sweepId, sweep.Question,
                            sweep.GridText, _source, folders.Count > 0 ? folders.Min(f => f.StartTimeMs) : Now(), cancel);
                }
                foreach (var folder in folders)
                {
                    try
                    {
                        await SyncTrialAsync(folder, experimentId, parent, cancel);
                    }
                    catch (MlflowException ex) when (!ex.IsTransient)
                    {
                        log($"mlflow sync: {folder.Info.TrialId}: {ex.Message}");
                        _failed++;
                    }
                }
                if (parent is not null && sweep is not null)
                {
                    await SweepRuns.SendFilesAsync(client, parent.RunId, ReportFiles.Read(sweepDirectory), false, cancel);
                    await EndParentAsync(parent, folders, cancel);
                }
            }
            catch (MlflowException ex) when (ex.IsTransient)
            {
                if (_inProgress is { } current && !current.Syncer.State.SameAs(current.Before)) _recorded++;
                var recorded = _recorded > 0
                    ? $"what was sent is recorded in the {SyncStateFile.FileName} of {Trials(_recorded)}, so nothing is sent twice"
                    : "nothing was recorded";
                var what = ex.HttpStatus == 0 ? $"stopped answering ({ex.Problem})" : $"kept failing ({ex.Problem})";
                log($"mlflow sync: MLflow at {client.TrackingUri} {what}; {recorded}: run the same command again later.");
                return Incomplete;
            }
            catch (MlflowException ex)
            {
                log($"mlflow sync: {ex.Message}");
                return Incomplete;
            }

            var experimentNote = experimentId is not null ? $" ({client.TrackingUri}/#/experiments/{experimentId})" : "";
            log($"MLflow sync to {client.TrackingUri}: {Trials(folders.Count)}: " +
                $"{_created} new, {_updated} updated, {_current} already up to date" +
                (_failed > 0 ? $", {_failed} not synced" : "") + experimentNote);
            return _failed > 0 ? Incomplete : Ok;
        }

        private async Task SyncTrialAsync(TrialResult folder, string? experimentId, MlflowRunInfo? parent, CancellationToken cancel)
        {
            var trial = folder.Info;
            var syncer = new TrialSyncer(client, folder.Directory);
            var before = syncer.State.Copy();
            _inProgress = (syncer, before);
            var created = false;
            if (!await syncer.AttachRecordedRunAsync(cancel))
            {
                if (syncer.LostRunId is { } lost)
                    log($"mlflow sync: {trial.TrialId}: run {lost} is gone from the server (deleted); logging the trial again.");
                var experiment = experimentId ?? await ExperimentAsync(trial.Experiment, cancel);
                created = await syncer.AdoptOrCreateRunAsync(experiment, parent?.RunId, trial, folder.StartTimeMs, _source,
                    folder.Episodes.Count, folder.Evaluations.Count, cancel);
            }
            await syncer.SendParamsAsync(trial, cancel);
            syncer.ObserveEvaluations(folder.Evaluations, 0);
            syncer.ObserveEpisodes(folder.Episodes, 0);
            await syncer.SendEpisodesAsync(cancel);
            await syncer.SendEvaluationsAsync(cancel);
            if (folder.Outcome is { } outcome) await syncer.FinishAsync(outcome, cancel);
            else await syncer.SendArtifactsAsync(TrialFiles.RunningArtifacts, cancel);
            if (syncer.ArtifactProblem is { } problem && _artifactProblems.Add(problem)) log($"mlflow sync: {problem}");

            _inProgress = null;
            if (!syncer.State.SameAs(before)) _recorded++;
            if (created) _created++;
            else if (syncer.State.SameAs(before)) _current++;
            else _updated++;
        }

        /// <summary>The parent ends once every trial of the sweep has ended: KILLED if one was interrupted, else FINISHED.</summary>
        private async Task EndParentAsync(MlflowRunInfo parent, IReadOnlyList<TrialResult> folders, CancellationToken cancel)
        {
            var ended = folders.Where(f => f.Outcome is not null).ToDictionary(f => f.Info.TrialId, f => f.Outcome!, StringComparer.Ordinal);
            var expected = sweep!.Trials.Concat(folders.Select(f => f.Info.TrialId)).Distinct(StringComparer.Ordinal).ToList();
            if (ended.Count == 0 || expected.Any(id => !ended.ContainsKey(id))) return;
            var status = ended.Values.Any(o => o.Status == TrialStatus.Interrupted) ? MlflowRunStatus.Killed : MlflowRunStatus.Finished;
            await SweepRuns.EndAsync(client, parent.RunId, status, ended.Values.Max(o => o.UnixTimeMs), cancel);
        }

        private async Task<string> ExperimentAsync(string name, CancellationToken cancel)
        {
            if (!_experiments.TryGetValue(name, out var id))
                _experiments[name] = id = await client.GetOrCreateExperimentAsync(name, null, cancel);
            return id;
        }

        private static string Trials(int n) => n == 1 ? "1 trial" : $"{n} trials";

        private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }
}
