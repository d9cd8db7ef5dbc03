using System.Text.Json;
using System.Text;
using Lab.Agent;
using Lab.Runner.Tests.Support;
using Lab.Runner.Tracking.Mlflow;
using Xunit;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>Live logging during a sweep: what lands in MLflow, and what happens when the server misbehaves.</summary>
public sealed class MlflowLiveTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private FakeMlflowServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeMlflowServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    private static SyntheticSweep Sweep() => SyntheticSweep.Make(status: (batch, replicate) => (batch, replicate) switch
    {
        (512, 1) => TrialStatus.Failed,
        (64, 1) => TrialStatus.StoppedEarly,
        _ => TrialStatus.Finished,
    });

    /// <summary>A server of its own where <paramref name="sweep"/> was logged live without a fault: what a faulty log must end as.</summary>
    private async Task<FakeMlflowServer> CleanLogOf(SyntheticSweep sweep)
    {
        var server = await FakeMlflowServer.StartAsync();
        LiveLog.Run(sweep, sweep.Write(Path.Combine(_temp.Path, "clean-" + Guid.NewGuid().ToString("N"))), server.Url);
        return server;
    }

    /// <summary>Three tries a request: a request that fails is given up quickly, and the pause after it can be seen.</summary>
    // each request gives up fast, but the outages these tests stage end: on a loaded CI machine they can
    // last over a second, so Complete must not take them for a server that is gone
    private static readonly MlflowTrackingOptions QuickToGiveUp = MlflowTestSettings.Tracking with
    {
        Client = MlflowTestSettings.Client with { RetryBudget = TimeSpan.FromMilliseconds(100), MaxRetries = 2 },
        UnreachableGrace = TimeSpan.FromSeconds(20),
    };

    /// <summary>The default test settings, but a grace for outages that end (see <see cref="QuickToGiveUp"/>).</summary>
    private static readonly MlflowTrackingOptions OutagesEnd = MlflowTestSettings.Tracking with { UnreachableGrace = TimeSpan.FromSeconds(20) };

    [Fact]
    public void Given_a_sweep_logged_live_then_MLflow_holds_exactly_its_runs_params_metrics_statuses_and_artifacts()
    {
        var sweep = Sweep();
        var directory = sweep.Write(Path.Combine(_temp.Path, "results"));

        var (sent, log) = LiveLog.Run(sweep, directory, _server.Url);

        Assert.True(sent, string.Join("\n", log));
        Assert.Contains(log, l => l.StartsWith($"MLflow: 4 runs logged to {_server.Url}/#/experiments/", StringComparison.Ordinal));
        var experiment = _server.Experiment("batch-size")!;
        Assert.Equal(sweep.Question, experiment.Tags["mlflow.note.content"]);
        Assert.Equal(sweep.Question, experiment.Tags["dqnlab.question"]);
        Assert.Equal(sweep.GridText, experiment.Tags["dqnlab.grid"]);

        var runs = _server.RunsOf("batch-size");
        Assert.Equal(5, runs.Count);
        var parent = Assert.Single(runs, r => r.Tag("dqnlab.sweep_id") == sweep.SweepId);
        Assert.Equal("batch-size (sweep)", parent.RunName);
        Assert.Equal("FINISHED", parent.Status);
        Assert.Equal(sweep.Trials.Max(t => t.Outcome!.UnixTimeMs), parent.EndTime);
        Assert.Equal(sweep.GridText, Encoding.UTF8.GetString(_server.ArtifactsOf(parent.RunId)["grid.yaml"]));

        foreach (var trial in sweep.Trials)
        {
            var run = Assert.Single(runs, r => r.Tag("dqnlab.trial_id") == trial.TrialId);
            var outcome = trial.Outcome!;
            Assert.Equal($"{trial.Info.ConfigLabel} seed={trial.Info.Seed}", run.RunName);
            Assert.Equal(run.RunName, run.Tag("mlflow.runName"));
            Assert.Equal(parent.RunId, run.Tag("mlflow.parentRunId"));
            Assert.Equal("runner", run.Tag("mlflow.source.name"));
            Assert.Equal(LiveLog.GitCommit, run.Tag("mlflow.source.git.commit"));
            Assert.Equal(Environment.UserName, run.Tag("mlflow.user"));

            var expectedParams = new Dictionary<string, string>(trial.Info.Params) { ["replicate"] = trial.Info.Replicate.ToString() };
            Assert.Equal(expectedParams.OrderBy(p => p.Key), run.Params.OrderBy(p => p.Key));

            Assert.Equal(outcome.Status == TrialStatus.Failed ? "FAILED" : "FINISHED", run.Status);
            Assert.Equal(outcome.UnixTimeMs, run.EndTime);
            Assert.Equal(outcome.Status switch { TrialStatus.Failed => "failed", TrialStatus.StoppedEarly => "stopped_early", _ => "finished" },
                run.Tag("dqnlab.status"));

            var learning = trial.Episodes.Where(e => e.Updates > 0).ToList();
            Assert.Equal(40, Count(run, "charts/episodic_return"));
            Assert.Equal(40, Count(run, "charts/episodic_length"));
            Assert.Equal(40, Count(run, "charts/epsilon"));
            // since the first episode ended: none for the first one
            Assert.Equal(39, Count(run, "charts/SPS"));
            Assert.Equal(40, Count(run, "charts/episode"));
            Assert.Equal(40, Count(run, "dqnlab/episode_sps"));
            Assert.Equal(learning.Count, Count(run, "losses/td_loss"));
            Assert.Equal(learning.Count, Count(run, "dqnlab/mean_max_q"));
            Assert.Equal(learning.Count, Count(run, "losses/q_values"));
            Assert.Equal(4, Count(run, "eval/mean_return"));
            Assert.Equal(4, Count(run, "eval/cap_share"));
            Assert.Equal(outcome.FinalEvaluation is null ? 0 : 1, Count(run, "final/mean_return"));
            foreach (var e in trial.Episodes)
            {
                Assert.Contains(new FakeMetric("charts/episodic_return", e.Return, e.UnixTimeMs, e.EnvSteps), run.Metrics);
                Assert.Contains(new FakeMetric("dqnlab/episode_sps", Math.Round(e.StepsPerSecond, 1), e.UnixTimeMs, e.EnvSteps), run.Metrics);
                Assert.Contains(new FakeMetric("charts/episode", e.Episode, e.UnixTimeMs, e.EnvSteps), run.Metrics);
            }
            var last = learning[^1];
            Assert.Contains(new FakeMetric("losses/td_loss", last.TdLoss, last.UnixTimeMs, last.EnvSteps), run.Metrics);
            Assert.Contains(new FakeMetric("dqnlab/mean_max_q", last.MeanMaxQ, last.UnixTimeMs, last.EnvSteps), run.Metrics);
            Assert.Contains(new FakeMetric("losses/q_values", last.TakenQ, last.UnixTimeMs, last.EnvSteps), run.Metrics);
            var first = trial.Episodes[0];
            Assert.Contains(new FakeMetric("charts/SPS", Math.Floor((last.EnvSteps - first.EnvSteps) * 1000.0 / (last.UnixTimeMs - first.UnixTimeMs)),
                last.UnixTimeMs, last.EnvSteps), run.Metrics);
            foreach (var v in trial.Evaluations)
                Assert.Contains(new FakeMetric("eval/mean_return", v.Mean, v.UnixTimeMs, v.EnvSteps), run.Metrics);
            if (outcome.FinalEvaluation is { } final)
                Assert.Contains(new FakeMetric("final/mean_return", final.Mean, final.UnixTimeMs, final.EnvSteps), run.Metrics);

            var artifacts = _server.ArtifactsOf(run.RunId);
            Assert.Equal(["config.yaml", "model.dqn", "plot.svg", "status.json"], artifacts.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(trial.Model, artifacts["model.dqn"]);

            var state = SyncStateOf(Path.Combine(directory, trial.TrialId), _server.Url);
            Assert.Equal(run.RunId, state.GetProperty("run_id").GetString());
            Assert.Equal(40, state.GetProperty("metric_rows_synced").GetInt32());
            Assert.Equal(4, state.GetProperty("eval_rows_synced").GetInt32());
            Assert.Equal(run.Status, state.GetProperty("status_sent").GetString());
        }
        Assert.Equal(0, _server.TruncatedValues);
    }

    [Fact]
    public async Task Given_trials_that_run_in_parallel_when_logged_live_then_the_end_state_is_that_of_trials_run_one_by_one()
    {
        var sweep = Sweep();
        await using var other = await FakeMlflowServer.StartAsync();
        LiveLog.Run(sweep, sweep.Write(Path.Combine(_temp.Path, "a")), _server.Url);

        LiveLog.Run(sweep, sweep.Write(Path.Combine(_temp.Path, "b")), other.Url, parallel: true);

        Assert.Equal(ServerSnapshot.Describe(_server, sweep.Name), ServerSnapshot.Describe(other, sweep.Name));
    }

    [Fact]
    public async Task Given_injected_429_and_503_answers_when_logging_live_then_everything_arrives_once()
    {
        var sweep = Sweep();
        await using var clean = await CleanLogOf(sweep);
        _server.FailNext(2, 429);
        _server.FailNext(3, 503, pathContains: "log-batch");
        _server.FailNext(1, 503, pathContains: "runs/update");

        var (sent, log) = LiveLog.Run(sweep, sweep.Write(Path.Combine(_temp.Path, "faulty")), _server.Url, options: OutagesEnd);

        Assert.True(sent, string.Join("\n", log));
        Assert.Contains(_server.Requests, r => r.Status == 429);
        Assert.Contains(_server.Requests, r => r.Status == 503);
        Assert.Equal(ServerSnapshot.Describe(clean, sweep.Name), ServerSnapshot.Describe(_server, sweep.Name));
    }

    [Fact]
    public void Given_a_server_that_answers_nothing_yet_when_a_sweep_runs_then_training_does_not_wait_for_it()
    {
        var sweep = Sweep();
        var directory = sweep.Write(Path.Combine(_temp.Path, "results"));
        _server.DelayNext(1000, TimeSpan.FromSeconds(20), evenIfAbandoned: false);

        var (sent, log) = LiveLog.Run(sweep, directory, _server.Url, flushTimeout: TimeSpan.FromMilliseconds(200));

        // every event of every trial was handed over while the server had not answered a single request
        Assert.False(sent);
        Assert.DoesNotContain(_server.Requests, r => r.Status == 200);
        var line = Assert.Single(log);
        Assert.Contains("still sending", line);
        // the folder as it was given, which is where the user is
        Assert.Contains($"runner mlflow sync {directory}", line);
    }

    [Fact]
    public async Task Given_a_server_that_is_gone_when_a_sweep_runs_then_it_finishes_and_says_once_how_to_sync_later()
    {
        var sweep = Sweep();
        var directory = sweep.Write(Path.Combine(_temp.Path, "results"));
        var gone = await FakeMlflowServer.StartAsync();
        var url = gone.Url;
        await gone.DisposeAsync();

        var (sent, log) = LiveLog.Run(sweep, directory, url);

        Assert.False(sent);
        var line = Assert.Single(log);
        Assert.StartsWith($"MLflow unreachable at {url}: no answer (", line);
        Assert.EndsWith($"results are in {directory}; run `./runner mlflow sync {directory}` later.", line);
        Assert.All(sweep.Trials, t => Assert.True(File.Exists(Path.Combine(directory, t.TrialId, "status.json"))));
    }

    [Fact]
    public async Task Given_a_short_sweep_and_a_server_that_refuses_every_request_then_the_end_of_the_sweep_gives_up_without_waiting_out_the_retries()
    {
        var sweep = Sweep();
        var directory = sweep.Write(Path.Combine(_temp.Path, "results"));
        var gone = await FakeMlflowServer.StartAsync();
        var url = gone.Url;
        await gone.DisposeAsync();
        var options = MlflowTestSettings.Tracking with
        {
            Client = MlflowTestSettings.Client with { RetryBudget = TimeSpan.FromMinutes(5) },
            UnreachableGrace = TimeSpan.FromMilliseconds(300),
            FlushTimeout = TimeSpan.FromMinutes(5),
        };
        var log = new List<string>();

        using (var tracking = MlflowTracking.TryCreate(url, log.Add, null, MlflowTestSettings.Environment(), options)!)
        {
            tracking.StartSweep(sweep.Name, sweep.Question, sweep.GridText, sweep.SweepId);
            foreach (var trial in sweep.Trials) trial.Replay(tracking.SinkFor(trial.Info, Path.Combine(directory, trial.TrialId)));
            Assert.False(tracking.Complete());
        }

        Assert.StartsWith($"MLflow unreachable at {url}", Assert.Single(log));
    }

    [Fact]
    public async Task Given_the_server_goes_down_midway_when_the_sweep_is_synced_afterwards_then_MLflow_ends_as_after_a_live_log()
    {
        var sweep = Sweep();
        await using var reference = await FakeMlflowServer.StartAsync();
        LiveLog.Run(sweep, sweep.Write(Path.Combine(_temp.Path, "live")), reference.Url);
        var directory = sweep.Write(Path.Combine(_temp.Path, "cut"));
        _server.GoDownAfter(14);

        var (sent, log) = LiveLog.Run(sweep, directory, _server.Url);
        _server.Down = false;
        var partial = ServerSnapshot.Describe(_server, sweep.Name);
        var (code, syncLog) = LiveLog.Sync(directory, _server.Url);

        Assert.False(sent);
        Assert.Contains(log, l => l.StartsWith("MLflow unreachable at", StringComparison.Ordinal));
        Assert.NotEqual(ServerSnapshot.Describe(reference, sweep.Name), partial);
        Assert.True(code == 0, string.Join("\n", syncLog));
        Assert.Equal(ServerSnapshot.Describe(reference, sweep.Name), ServerSnapshot.Describe(_server, sweep.Name));
        Assert.Contains(syncLog, l => l.Contains("4 trials", StringComparison.Ordinal));
    }

    /// <summary>Waits (at most a minute) until the server shows it: the worker is on its own thread.</summary>
    private static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("never happened: " + what);
            Thread.Sleep(20);
        }
    }

    [Fact]
    public async Task Given_a_server_that_goes_down_midway_and_comes_back_then_the_rest_of_the_sweep_arrives_live()
    {
        var sweep = Sweep();
        await using var reference = await CleanLogOf(sweep);
        var directory = sweep.Write(Path.Combine(_temp.Path, "results"));
        var log = new List<string>();

        using (var tracking = MlflowTracking.TryCreate(_server.Url, log.Add, LiveLog.GitCommit, MlflowTestSettings.Environment(), QuickToGiveUp)!)
        {
            tracking.StartSweep(sweep.Name, sweep.Question, sweep.GridText, sweep.SweepId);
            void Play(SyntheticTrial t) => t.Replay(tracking.SinkFor(t.Info, Path.Combine(directory, t.TrialId)));
            Play(sweep.Trials[0]);
            WaitUntil(() => _server.RunsOf(sweep.Name).Any(r => r.Status == "FINISHED"), "the first trial logged");
            _server.Down = true;
            Play(sweep.Trials[1]);
            // more dropped requests than one request's three tries: the worker gave up at least twice and paused
            WaitUntil(() => _server.Requests.Count(r => r.Status == 0) >= 7, "requests dropped");
            _server.Down = false;
            Play(sweep.Trials[2]);
            Play(sweep.Trials[3]);
            Assert.True(tracking.Complete(), string.Join("\n", log));
        }

        Assert.Equal(ServerSnapshot.Describe(reference, sweep.Name), ServerSnapshot.Describe(_server, sweep.Name));
        Assert.Equal(0, _server.ResentPoints);
        Assert.Contains(log, l => l.StartsWith($"MLflow at {_server.Url} failed for a while (no answer", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith($"MLflow: 4 runs logged to {_server.Url}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_runs_create_answers_lost_after_the_server_made_the_runs_then_each_trial_is_still_one_run()
    {
        var sweep = Sweep();
        await using var reference = await CleanLogOf(sweep);
        // the parent's and the first trial's runs/create: carried out, answered 500
        _server.FailNext(2, 500, pathContains: "runs/create", afterActing: true);

        var (sent, log) = LiveLog.Run(sweep, sweep.Write(Path.Combine(_temp.Path, "results")), _server.Url, options: OutagesEnd);

        Assert.True(sent, string.Join("\n", log));
        Assert.Equal(2, _server.Requests.Count(r => r.Path.EndsWith("runs/create", StringComparison.Ordinal) && r.Status == 500));
        Assert.Equal(ServerSnapshot.Describe(reference, sweep.Name), ServerSnapshot.Describe(_server, sweep.Name));
        Assert.DoesNotContain(log, l => l.Contains("trash", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_answers_lost_after_the_server_stored_a_batch_when_logging_live_then_no_point_is_sent_twice()
    {
        var sweep = Sweep();
        await using var reference = await CleanLogOf(sweep);
        _server.FailNext(3, 502, pathContains: "log-batch", afterActing: true, skip: 1);

        var (sent, log) = LiveLog.Run(sweep, sweep.Write(Path.Combine(_temp.Path, "results")), _server.Url, options: OutagesEnd);

        Assert.True(sent, string.Join("\n", log));
        Assert.Equal(3, _server.Requests.Count(r => r.Status == 502));
        Assert.Equal(0, _server.ResentPoints);
        Assert.Equal(ServerSnapshot.Describe(reference, sweep.Name), ServerSnapshot.Describe(_server, sweep.Name));
    }

    [Fact]
    public async Task Given_503_answers_for_longer_than_the_retry_budget_then_logging_goes_on_afterwards_and_nothing_says_unreachable()
    {
        var sweep = Sweep();
        await using var reference = await CleanLogOf(sweep);
        // more 503s than one request's three tries, so the worker gives up on a request and pauses
        _server.FailNext(12, 503, pathContains: "log-batch", skip: 1);
        var directory = sweep.Write(Path.Combine(_temp.Path, "results"));
        var log = new List<string>();

        using (var tracking = MlflowTracking.TryCreate(_server.Url, log.Add, LiveLog.GitCommit, MlflowTestSettings.Environment(), QuickToGiveUp)!)
        {
            tracking.StartSweep(sweep.Name, sweep.Question, sweep.GridText, sweep.SweepId);
            foreach (var t in sweep.Trials) t.Replay(tracking.SinkFor(t.Info, Path.Combine(directory, t.TrialId)));
            Assert.True(tracking.Complete(), string.Join("\n", log));
        }

        Assert.Equal(12, _server.Requests.Count(r => r.Status == 503));
        Assert.Equal(ServerSnapshot.Describe(reference, sweep.Name), ServerSnapshot.Describe(_server, sweep.Name));
        Assert.Contains(log, l => l.StartsWith($"MLflow at {_server.Url} failed for a while (answered 503 TEMPORARILY_UNAVAILABLE", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("unreachable", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Given_a_server_that_answers_503_to_the_end_then_the_sweep_says_it_kept_failing_and_not_that_it_is_unreachable()
    {
        var sweep = Sweep();
        var directory = sweep.Write(Path.Combine(_temp.Path, "results"));
        _server.FailNext(1_000_000, 503);

        var (sent, log) = LiveLog.Run(sweep, directory, _server.Url);

        Assert.False(sent);
        var line = Assert.Single(log);
        Assert.StartsWith($"MLflow at {_server.Url} kept failing (answered 503", line);
        Assert.Contains($"4 of 4 trials are not fully logged; results are in {directory}; run `./runner mlflow sync {directory}` to send the rest.", line);
    }

    [Fact]
    public void Given_two_sweeps_of_one_grid_logged_live_into_two_folders_then_neither_replaces_the_others_runs()
    {
        var sweep = Sweep();
        LiveLog.Run(sweep, sweep.Write(Path.Combine(_temp.Path, "one")), _server.Url);
        var second = sweep with { SweepId = "sweep-batch-size-0002" };

        var (sent, log) = LiveLog.Run(second, second.Write(Path.Combine(_temp.Path, "two")), _server.Url);

        Assert.True(sent, string.Join("\n", log));
        var runs = _server.RunsOf(sweep.Name);
        Assert.Equal(10, runs.Count);
        Assert.All(runs, r => Assert.Equal("active", r.LifecycleStage));
        foreach (var parent in runs.Where(r => r.Tag("dqnlab.sweep_id") is not null))
            Assert.Equal(4, runs.Count(r => r.Tag("mlflow.parentRunId") == parent.RunId));
    }

    [Fact]
    public void Given_seeds_whose_episodes_end_at_different_steps_then_their_grouped_points_share_every_step()
    {
        var sweep = SyntheticSweep.Make("grouped", configs: 1, replicates: 3, episodes: 120);
        var directory = sweep.Write(Path.Combine(_temp.Path, "results"));

        var (sent, log) = LiveLog.Run(sweep, directory, _server.Url);

        Assert.True(sent, string.Join("\n", log));
        var trials = _server.RunsOf("grouped").Where(r => r.Tag("dqnlab.trial_id") is not null).ToList();
        Assert.Equal(3, trials.Count);
        var shortest = sweep.Trials.Min(t => t.Episodes[^1].EnvSteps);
        var grid = Enumerable.Range(1, (int)((shortest - 1) / 1000)).Select(k => 1000L * k).ToList();
        Assert.True(grid.Count >= 3);
        foreach (var run in trials)
        {
            var steps = run.Metrics.Where(m => m.Key == "grouped/episodic_return").Select(m => m.Step).Order().ToList();
            Assert.Equal(grid, steps.Take(grid.Count));
            Assert.All(steps, s => Assert.Equal(0, s % 1000));
            // the latest evaluation by each step: from the first step after the first evaluation on
            Assert.Equal(steps.Where(s => run.Metrics.Any(m => m.Key == "eval/mean_return" && m.Step <= s)),
                run.Metrics.Where(m => m.Key == "grouped/eval_mean_return").Select(m => m.Step).Order());
        }
    }

    [Fact]
    public async Task Given_a_trial_that_runs_again_after_an_interruption_then_it_stays_one_run_and_the_earlier_one_goes_to_the_trash()
    {
        var trial = SyntheticTrial.Make("rerun", 64, 0, 20);
        var interrupted = trial with { Outcome = trial.Outcome! with { Status = TrialStatus.Interrupted, FinalEvaluation = null } };
        var first = new SyntheticSweep("rerun", "q", "name: rerun\n", "s1", [interrupted]);
        var directory = Path.Combine(_temp.Path, "rerun");
        first.Write(_temp.Path);
        LiveLog.Run(first, directory, _server.Url);
        // a resumed sweep deletes the incomplete trial's folder and runs it again from scratch
        Directory.Delete(Path.Combine(directory, trial.TrialId), recursive: true);
        var again = first with { Trials = [trial] };
        again.Write(_temp.Path);

        var (sent, log) = LiveLog.Run(again, directory, _server.Url);

        Assert.True(sent, string.Join("\n", log));
        var runs = _server.RunsOf("rerun").Where(r => r.Tag("dqnlab.trial_id") == trial.TrialId).ToList();
        Assert.Equal(2, runs.Count);
        Assert.Single(runs, r => r.LifecycleStage == "active" && r.Status == "FINISHED");
        Assert.Single(runs, r => r.LifecycleStage == "deleted" && r.Status == "KILLED");
        Assert.Contains(log, l => l.Contains("trash", StringComparison.Ordinal));
        Assert.Equal(0, LiveLog.Sync(directory, _server.Url).ExitCode);
        Assert.Equal(2, _server.RunsOf("rerun").Count(r => r.Tag("dqnlab.trial_id") == trial.TrialId));
    }

    [Fact]
    public async Task Given_a_single_train_without_a_sweep_then_it_is_one_top_level_run_and_a_sync_gives_the_same()
    {
        var trial = SyntheticTrial.Make("dqn2", 64, 0, 15);
        var live = trial.Write(Path.Combine(_temp.Path, "live", "dqn2"));
        var offline = trial.Write(Path.Combine(_temp.Path, "offline", "dqn2"));
        var log = new List<string>();
        using (var tracking = MlflowTracking.TryCreate(_server.Url, log.Add, LiveLog.GitCommit, MlflowTestSettings.Environment(),
                   MlflowTestSettings.Tracking)!)
        {
            trial.Replay(tracking.SinkFor(trial.Info, live));
            Assert.True(tracking.Complete(), string.Join("\n", log));
        }
        await using var other = await FakeMlflowServer.StartAsync();

        var (code, _) = LiveLog.Sync(offline, other.Url);

        var run = Assert.Single(_server.RunsOf("dqn2"));
        Assert.Null(run.Tag("mlflow.parentRunId"));
        Assert.Equal("FINISHED", run.Status);
        Assert.Equal(0, code);
        // a sync has no sweep.json here, so it cannot know the commit the trial ran at
        Assert.Equal(ServerSnapshot.Describe(_server, "dqn2").Replace($"  tag mlflow.source.git.commit = {LiveLog.GitCommit}{Environment.NewLine}", ""),
            ServerSnapshot.Describe(other, "dqn2"));
    }

    [Fact]
    public void Given_no_tracking_uri_anywhere_then_there_is_no_tracking_and_a_bad_one_is_said_once()
    {
        var log = new List<string>();

        var none = MlflowTracking.TryCreate(null, log.Add, null, MlflowTestSettings.Environment(), MlflowTestSettings.Tracking);
        var bad = MlflowTracking.TryCreate("file:///tmp/mlruns", log.Add, null, MlflowTestSettings.Environment(), MlflowTestSettings.Tracking);
        using var fromCli = MlflowTracking.TryCreate(_server.Url, log.Add, null,
            MlflowTestSettings.Environment(("MLFLOW_TRACKING_URI", "http://elsewhere:5000")), MlflowTestSettings.Tracking);

        Assert.Null(none);
        Assert.Null(bad);
        Assert.Equal(_server.Url, fromCli!.TrackingUri);
        Assert.Contains("http:// or https://", Assert.Single(log));
    }

    internal static JsonElement SyncStateOf(string trialDirectory, string server)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(trialDirectory, "mlflow.json")));
        return document.RootElement.GetProperty("servers").GetProperty(server).Clone();
    }

    private static int Count(FakeRun run, string key) => run.Metrics.Count(m => m.Key == key);
}
