using System.Diagnostics;
using System.Threading.Channels;
using Lab.Agent;
using Lab.Runner.Store;

namespace Lab.Runner.Tracking.Mlflow;

/// <summary>
/// Live MLflow logging for one command (a sweep or a train). Training never waits on MLflow: sinks only
/// enqueue; one background worker batches (up to ~1,000 metrics or every second) and sends, recording
/// per trial in mlflow.json how far it got. A server that fails (no answer, or errors past the retry
/// budget) pauses the sending, with a pause that doubles while it keeps failing, and every trial goes on
/// from where it stopped once the server answers again; nothing is lost meanwhile (the results store
/// has everything). <see cref="Complete"/> says once what was not sent and how to send it with
/// `./runner mlflow sync`.
/// </summary>
/// <remarks>
/// Use: <c>TryCreate</c> (null when no tracking URI is configured), <c>StartSweep</c> once,
/// <c>SinkFor</c> per trial (add the sink after the results store's, so its files exist at OnFinished),
/// optionally <c>LogSweepReport</c>, then <c>Complete</c> (or Dispose) after the last trial.
/// </remarks>
internal sealed class MlflowTracking : IDisposable
{
    private readonly MlflowClient _client;
    private readonly Action<string> _log;
    private readonly MlflowTrackingOptions _options;
    private readonly MlflowRunSource _source;
    private readonly Channel<Event> _channel;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _worker;
    private readonly object _gate = new();
    private readonly List<string> _notes = [];
    private readonly List<string> _resultsDirectories = [];
    private readonly List<TrialHandle> _trials = [];
    private int _completeCalled;
    private bool _failed;
    private TimeSpan _flushTimeout;
    private bool _result;

    // worker state
    private readonly List<TrialHandle> _active = [];
    private readonly Dictionary<string, string> _experimentIds = new(StringComparer.Ordinal);
    private SweepStarted? _sweep;
    private bool _sweepPending;
    private string? _sweepExperimentId;
    private MlflowRunInfo? _parent;
    private string? _reportDirectory;
    /// <summary>Set when live logging stopped for good (e.g. the experiment is deleted): the reason.</summary>
    private volatile string? _stopped;
    /// <summary>The server's latest failure, until it answers again.</summary>
    private volatile MlflowException? _outage;
    private MlflowException? _firstOutage;
    private bool _answered;
    private TimeSpan _pause;
    private long _pausedUntil;
    private int _pendingMetrics;
    private bool _urgent;
    private volatile bool _interrupted;
    private long? _latestChildEnd;
    private bool _anyChildKilled;
    private int _runsCompleted;
    private string? _lastExperimentId;

    private MlflowTracking(MlflowClient client, Action<string> log, MlflowTrackingOptions options, MlflowRunSource source)
    {
        _client = client;
        _log = log;
        _options = options;
        _source = source;
        _channel = Channel.CreateBounded<Event>(new BoundedChannelOptions(Math.Max(16, options.QueueCapacity))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>
    /// Live logging to <paramref name="trackingUriFromCli"/> (--tracking-uri) or else MLFLOW_TRACKING_URI;
    /// null when neither is set (the caller says so once), or when the URI is not an http(s) address
    /// (logged). Credentials come from MLFLOW_TRACKING_USERNAME/PASSWORD/TOKEN, as for MLflow's own clients.
    /// </summary>
    /// <param name="gitCommit">mlflow.source.git.commit; null = the commit checked out in the working directory, if any.</param>
    public static MlflowTracking? TryCreate(string? trackingUriFromCli, Action<string> log, string? gitCommit = null) =>
        TryCreate(trackingUriFromCli, log, gitCommit, Environment.GetEnvironmentVariable, new MlflowTrackingOptions());

    internal static MlflowTracking? TryCreate(string? trackingUriFromCli, Action<string> log, string? gitCommit,
        Func<string, string?> environment, MlflowTrackingOptions options)
    {
        var raw = string.IsNullOrWhiteSpace(trackingUriFromCli) ? environment("MLFLOW_TRACKING_URI") : trackingUriFromCli;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (!MlflowEndpoint.TryParse(raw, out _, out var error))
        {
            log($"MLflow: {error}; nothing will be sent.");
            return null;
        }
        var client = new MlflowClient(raw, MlflowCredentials.FromEnvironment(environment), options.Client);
        return new MlflowTracking(client, log, options, MlflowRunSource.Current(gitCommit));
    }

    /// <summary>
    /// Set for `sweep --shard` tasks and the `--slurm` submission: the sweep's parent run stays RUNNING when
    /// this command ends, since other tasks log to it; `./runner mlflow sync` ends it once every trial has.
    /// </summary>
    public bool LeaveSweepOpen { get; set; }

    /// <summary>The server's address, without credentials.</summary>
    public string TrackingUri => _client.TrackingUri;

    /// <summary>
    /// The MLflow experiment (= <paramref name="gridName"/>, with the question and the grid text as tags)
    /// and the sweep's parent run (found again by <paramref name="sweepId"/> when a sweep resumes). Without
    /// it, trials are logged as top-level runs of the experiment named in their TrialInfo.
    /// </summary>
    public void StartSweep(string gridName, string? question, string? gridText, string sweepId) =>
        Post(new SweepStarted(gridName, question, gridText, sweepId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    /// <summary>The sink of one trial, whose results folder is <paramref name="trialDirectory"/> (for mlflow.json and artifacts).</summary>
    public ITrialSink SinkFor(TrialInfo trial, string trialDirectory)
    {
        var handle = new TrialHandle(trial, Path.GetFullPath(trialDirectory));
        lock (_gate)
        {
            // said as the user gave it (--out), so that the sync command it suggests can be pasted where they are
            var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(trialDirectory));
            var shown = string.IsNullOrEmpty(parent) ? "." : parent;
            if (!_resultsDirectories.Contains(shown)) _resultsDirectories.Add(shown);
            _trials.Add(handle);
        }
        return new MlflowSink(this, handle);
    }

    /// <summary>Uploads the sweep's report (report.html, summary.csv, summary.md in <paramref name="resultsDirectory"/>) to its parent run.</summary>
    public void LogSweepReport(string resultsDirectory) => Post(new ReportWritten(Path.GetFullPath(resultsDirectory)));

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>, default 30 s; 5 s when the server has failed every request
    /// for that long, those 5 s included) until everything queued is sent, closes the sweep's parent run (KILLED when
    /// <paramref name="interrupted"/> or a trial was, else FINISHED), and reports once: where the runs are,
    /// or what was not sent, why, and how to sync it later. Returns true when everything was sent. Later
    /// calls return the first answer.
    /// </summary>
    public bool Complete(bool interrupted = false, TimeSpan? timeout = null)
    {
        if (Interlocked.Exchange(ref _completeCalled, 1) == 1) return _result;
        _interrupted = interrupted;
        // the end of a pause may be far: try again now, the server may be back
        Interlocked.Exchange(ref _pausedUntil, 0);
        _channel.Writer.TryComplete();
        _flushTimeout = timeout ?? _options.FlushTimeout;
        var waited = Stopwatch.StartNew();
        var drained = false;
        while (!(drained = _worker.Wait(TimeSpan.FromMilliseconds(50))))
        {
            // a server that has failed every request for a while, tries made since included, is not coming back soon
            if (waited.Elapsed >= _flushTimeout || (waited.Elapsed >= _options.UnreachableGrace && Failing)) break;
        }
        var failing = Failing;
        if (!drained)
        {
            _abort.Cancel();
            _worker.Wait(TimeSpan.FromSeconds(2));
        }
        _result = Report(failing ? _client.LastFailure : null);
        return _result;
    }

    private bool Failing => _client.FailingFor >= _options.UnreachableGrace;

    public void Dispose()
    {
        Complete();
        _client.Dispose();
        _abort.Dispose();
    }

    internal void Post(Event e)
    {
        try
        {
            if (_channel.Writer.TryWrite(e)) return;
            if (e is TrialEvent t) t.Trial.Overflowed = true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ChannelClosedException)
        {
            // after Complete: nothing more is sent; the results store has it
        }
    }

    // ------------------------------------------------------------------ the worker

    private async Task WorkAsync()
    {
        var reader = _channel.Reader;
        var window = Stopwatch.StartNew();
        Task<bool>? more = null;
        try
        {
            while (true)
            {
                while (reader.TryRead(out var e)) Apply(e);
                var completed = reader.Completion.IsCompleted;
                var paused = Stopwatch.GetTimestamp() < Interlocked.Read(ref _pausedUntil);
                if (!paused && (completed || _urgent || _pendingMetrics >= MlflowLimits.MaxMetricsPerBatch || window.Elapsed >= _options.BatchWindow))
                {
                    await FlushAsync();
                    window.Restart();
                }
                var pending = HasPendingWork();
                if (completed && (!pending || _stopped is not null)) break;
                var wait = Stopwatch.GetTimestamp() < Interlocked.Read(ref _pausedUntil)
                    ? Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Interlocked.Read(ref _pausedUntil))
                    : _options.BatchWindow - window.Elapsed;
                if (completed) await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(10), _abort.Token);
                else
                {
                    if (more is null || more.IsCompleted) more = reader.WaitToReadAsync(_abort.Token).AsTask();
                    if (!pending) await more;
                    else if (wait > TimeSpan.Zero) await Task.WhenAny(more, Task.Delay(wait, _abort.Token));
                }
            }
            await EndSweepAsync();
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Complete gave up waiting; mlflow.json says how far each trial got
        }
        catch (Exception ex)
        {
            Note($"MLflow: live logging stopped ({ex.GetType().Name}: {ex.Message}).");
            _stopped ??= ex.Message;
        }
    }

    private bool HasPendingWork() => _sweepPending || _reportDirectory is not null || _active.Any(t => t.HasWork);

    private void Apply(Event e)
    {
        switch (e)
        {
            case SweepStarted sweep:
                _sweep = sweep;
                _sweepPending = true;
                _urgent = true;
                return;
            case ReportWritten report:
                _reportDirectory = report.ResultsDirectory;
                _urgent = true;
                return;
            case TrialEvent { Trial: var trial } when trial.Overflowed || trial.Broken || _stopped is not null:
                if (trial.Overflowed && !trial.Broken)
                    Note($"MLflow: too many events queued; trial {trial.Info?.TrialId} stopped live logging (`./runner mlflow sync` sends the rest).");
                trial.Broken = true;
                trial.Drop();
                if (e is Finished lost) Ended(lost.Outcome);
                return;
            case Started started:
                started.Trial.Info = started.Info;
                started.Trial.StartTimeMs = started.UnixTimeMs;
                started.Trial.IsStarted = true;
                if (!_active.Contains(started.Trial)) _active.Add(started.Trial);
                _urgent = true;
                return;
            case Episode episode:
                episode.Trial.Episodes.Add(episode.Record);
                if (episode.Trial.Unsent >= _options.QueueCapacity) episode.Trial.Overflowed = true;
                _pendingMetrics += 8;
                return;
            case Evaluation evaluation:
                evaluation.Trial.Evaluations.Add(evaluation.Record);
                _pendingMetrics += 6;
                return;
            case Finished finished:
                finished.Trial.Outcome = finished.Outcome;
                Ended(finished.Outcome);
                _urgent = true;
                return;
        }
    }

    private void Ended(TrialOutcome outcome)
    {
        _latestChildEnd = Math.Max(_latestChildEnd ?? long.MinValue, outcome.UnixTimeMs);
        if (outcome.Status == TrialStatus.Interrupted) _anyChildKilled = true;
    }

    private async Task FlushAsync()
    {
        _urgent = false;
        _pendingMetrics = 0;
        if (_stopped is not null) return;
        var cancel = _abort.Token;
        try
        {
            if (_sweepPending && _sweep is { } sweep)
            {
                _sweepExperimentId = await _client.GetOrCreateExperimentAsync(sweep.GridName,
                    MlflowMapping.ExperimentTags(sweep.Question, sweep.GridText), cancel);
                _lastExperimentId = _sweepExperimentId;
                _parent = await SweepRuns.FindOrCreateParentAsync(_client, _sweepExperimentId, sweep.GridName, sweep.SweepId,
                    sweep.Question, sweep.GridText, _source, sweep.UnixTimeMs, cancel);
                if (_parent.Status != MlflowRunStatus.Running)
                    await _client.UpdateRunAsync(_parent.RunId, MlflowRunStatus.Running, null, cancel);
                _sweepPending = false;
            }
            foreach (var trial in _active.ToList())
            {
                try
                {
                    await SyncAsync(trial, cancel);
                }
                catch (MlflowException ex) when (!ex.IsTransient)
                {
                    trial.Broken = true;
                    trial.Drop();
                    Note($"MLflow: trial {trial.Info?.TrialId} was not fully logged ({ex.Message}); `./runner mlflow sync` will retry it.");
                }
                catch (IOException ex)
                {
                    trial.Broken = true;
                    trial.Drop();
                    Note($"MLflow: cannot record the sync state of {trial.Directory} ({ex.Message}).");
                }
                if (trial.Done || trial.Broken) _active.Remove(trial);
            }
            if (_reportDirectory is { } report && !_sweepPending && !_active.Any(t => t.HasWork))
            {
                if (_parent is not null) await SweepRuns.SendFilesAsync(_client, _parent.RunId, ReportFiles.Read(report), false, cancel);
                _reportDirectory = null;
            }
            Answered();
        }
        catch (MlflowException ex) when (ex.IsTransient)
        {
            // no answer, or errors past the retry budget: everything stays queued; try again after a pause
            Failed(ex);
        }
        catch (MlflowException ex)
        {
            // the experiment or the parent run cannot be had (e.g. a deleted experiment): stop live logging
            Note(ex.Message);
            _stopped = ex.Message;
            _sweepPending = false;
            foreach (var trial in _active) trial.Drop();
            _active.Clear();
        }
    }

    private void Answered()
    {
        _answered = true;
        _outage = null;
        _pause = TimeSpan.Zero;
    }

    private void Failed(MlflowException ex)
    {
        _outage = ex;
        _firstOutage ??= ex;
        _pause = _pause == TimeSpan.Zero ? _options.RetryPause
            : TimeSpan.FromTicks(Math.Min(_pause.Ticks * 2, _options.RetryPauseMax.Ticks));
        Interlocked.Exchange(ref _pausedUntil, Stopwatch.GetTimestamp() + (long)(_pause.TotalSeconds * Stopwatch.Frequency));
    }

    private async Task SyncAsync(TrialHandle trial, CancellationToken cancel)
    {
        if (!trial.IsStarted || trial.Info is null || _sweepPending) return;
        if (trial.Syncer is null)
        {
            var experimentId = _sweepExperimentId ?? await ExperimentFor(trial.Info.Experiment, cancel);
            // a fresh syncer each try: mlflow.json says what an earlier try did (e.g. the run it made)
            var syncer = new TrialSyncer(_client, trial.Directory);
            if (!await syncer.AttachRecordedRunAsync(cancel))
            {
                var replaced = await syncer.CreateFreshRunAsync(experimentId, _parent?.RunId, trial.Info, trial.StartTimeMs, _source, cancel);
                if (replaced.Count > 0)
                    Note($"MLflow: trial {trial.Info.TrialId} ran again; its earlier run ({string.Join(", ", replaced)}) is in the experiment's trash.", failure: false);
            }
            await syncer.SendParamsAsync(trial.Info, cancel);
            await syncer.SendArtifactsAsync(TrialFiles.RunningArtifacts, cancel);
            trial.Syncer = syncer;
        }
        var s = trial.Syncer;
        // the syncer keeps every row (the points of a row depend on the rows before it) and what it has sent
        s.ObserveEvaluations(trial.Evaluations, trial.EvaluationsBase);
        trial.EvaluationsBase += trial.Evaluations.Count;
        trial.Evaluations.Clear();
        s.ObserveEpisodes(trial.Episodes, trial.EpisodesBase);
        trial.EpisodesBase += trial.Episodes.Count;
        trial.Episodes.Clear();
        await s.SendEpisodesAsync(cancel);
        await s.SendEvaluationsAsync(cancel);
        if (trial.Outcome is { } outcome)
        {
            await s.FinishAsync(outcome, cancel);
            if (s.ArtifactProblem is { } problem) Note(problem, failure: false);
            trial.Done = true;
            _runsCompleted++;
        }
    }

    private async Task<string> ExperimentFor(string name, CancellationToken cancel)
    {
        if (!_experimentIds.TryGetValue(name, out var id))
            _experimentIds[name] = id = await _client.GetOrCreateExperimentAsync(name, null, cancel);
        _lastExperimentId = id;
        return id;
    }

    /// <summary>The parent run ends once every trial is on the server; else a later sync ends it.</summary>
    private async Task EndSweepAsync()
    {
        if (LeaveSweepOpen || _parent is null || _stopped is not null || _trials.Any(t => t.IsStarted && !t.Done)) return;
        var status = _interrupted || _anyChildKilled ? MlflowRunStatus.Killed : MlflowRunStatus.Finished;
        try
        {
            await SweepRuns.EndAsync(_client, _parent.RunId, status,
                _latestChildEnd ?? _parent.EndTimeMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _abort.Token);
        }
        catch (MlflowException ex)
        {
            if (ex.IsTransient) _outage = ex;
            else Note(ex.Message);
        }
    }

    private void Note(string message, bool failure = true)
    {
        lock (_gate)
        {
            if (!_notes.Contains(message)) _notes.Add(message);
            _failed |= failure;
        }
    }

    /// <param name="failing">Set when the server failed every request of the last moments (the latest failure).</param>
    private bool Report((string Problem, bool NoAnswer)? failing)
    {
        string[] notes;
        string directories, first;
        bool failed;
        int started, unsent;
        lock (_gate)
        {
            notes = [.. _notes];
            failed = _failed;
            directories = _resultsDirectories.Count == 0 ? "results/" : string.Join(", ", _resultsDirectories);
            first = _resultsDirectories.Count == 0 ? "results/<experiment>" : _resultsDirectories[0];
            started = _trials.Count(t => t.IsStarted);
            unsent = _trials.Count(t => t.IsStarted && !t.Done);
        }
        foreach (var note in notes.Take(5)) _log(note);
        if (notes.Length > 5) _log($"MLflow: ... and {notes.Length - 5} more like these.");
        var sync = $"results are in {directories}; run `./runner mlflow sync {first}`";
        if (_stopped is not null)
        {
            _log($"MLflow: live logging to {TrackingUri} stopped; {sync} once this is fixed.");
            return false;
        }
        var missing = $"{unsent} of {started} trial{(started == 1 ? " is" : "s are")} not fully logged";
        if (_outage is { } closing && unsent == 0 && !_sweepPending)
        {
            _log($"MLflow: every trial is logged to {TrackingUri}, but the sweep's run could not be ended ({closing.Problem}); " +
                 $"`./runner mlflow sync {first}` ends it.");
            return false;
        }
        if ((_outage is { } outage ? (outage.Problem, outage.HttpStatus == 0) : failing) is { } last)
        {
            var (problem, noAnswer) = last;
            _log(noAnswer && !_answered
                ? $"MLflow unreachable at {TrackingUri}: {problem}; {sync} later."
                : noAnswer
                    ? $"MLflow unreachable at {TrackingUri} ({problem}); {missing}; {sync} to send the rest."
                    : $"MLflow at {TrackingUri} kept failing ({problem}); {missing}; {sync} to send the rest.");
            return false;
        }
        if (unsent > 0 || _sweepPending)
        {
            _log(failed
                ? $"MLflow: {missing}; {sync} to send the rest."
                : $"MLflow: still sending after {_flushTimeout.TotalSeconds:0.#} s, stopped; {missing}; {sync} to send the rest.");
            return false;
        }
        if (_firstOutage is { } earlier)
            _log($"MLflow at {TrackingUri} failed for a while ({earlier.Problem}); logging went on once it answered again.");
        if (_lastExperimentId is not null && _runsCompleted > 0)
            _log($"MLflow: {_runsCompleted} run{(_runsCompleted == 1 ? "" : "s")} logged to {TrackingUri}/#/experiments/{_lastExperimentId}");
        return !failed;
    }

    // ------------------------------------------------------------------ events

    internal abstract record Event;

    internal abstract record TrialEvent(TrialHandle Trial) : Event;

    internal sealed record SweepStarted(string GridName, string? Question, string? GridText, string SweepId, long UnixTimeMs) : Event;

    internal sealed record ReportWritten(string ResultsDirectory) : Event;

    internal sealed record Started(TrialHandle Trial, TrialInfo Info, long UnixTimeMs) : TrialEvent(Trial);

    internal sealed record Episode(TrialHandle Trial, EpisodeRecord Record) : TrialEvent(Trial);

    internal sealed record Evaluation(TrialHandle Trial, EvaluationRecord Record) : TrialEvent(Trial);

    internal sealed record Finished(TrialHandle Trial, TrialOutcome Outcome) : TrialEvent(Trial);

    /// <summary>One trial as the worker sees it: what is queued for it and how far it got.</summary>
    internal sealed class TrialHandle(TrialInfo info, string directory)
    {
        public TrialInfo? Info { get; set; } = info;
        public string Directory { get; } = directory;
        public bool IsStarted { get; set; }
        public long StartTimeMs { get; set; }
        public TrialSyncer? Syncer { get; set; }
        /// <summary>Rows not handed to the syncer yet (it does not exist before the run does).</summary>
        public List<EpisodeRecord> Episodes { get; } = [];
        public int EpisodesBase { get; set; }
        public List<EvaluationRecord> Evaluations { get; } = [];
        public int EvaluationsBase { get; set; }
        public TrialOutcome? Outcome { get; set; }
        public bool Done { get; set; }
        public bool Broken { get; set; }
        /// <summary>Set by a producer when the queue was full: this trial's live log has a gap, so it stops.</summary>
        public volatile bool Overflowed;

        /// <summary>Rows held in memory that the server does not have yet.</summary>
        public int Unsent => Episodes.Count + Evaluations.Count + (Syncer?.UnsentRows ?? 0);

        public bool HasWork => !Done && !Broken && !Overflowed && IsStarted
                               && (Syncer is null || Unsent > 0 || Outcome is not null);

        public void Drop()
        {
            Episodes.Clear();
            Evaluations.Clear();
            Outcome = null;
            Syncer = null;
        }
    }
}
