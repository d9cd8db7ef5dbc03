using System.Text;
using Lab.Agent;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Lab.Runner.Tracking.Mlflow;
using Xunit;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>`runner mlflow sync`: offline results reach MLflow exactly once.</summary>
public sealed class MlflowSyncTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new();
    private FakeMlflowServer _server = null!;
    private FakeMlflowServer _reference = null!;
    private readonly SyntheticSweep _sweep = SyntheticSweep.Make(configs: 2, replicates: 2, episodes: 30,
        status: (batch, replicate) => batch == 512 && replicate == 0 ? TrialStatus.Failed : TrialStatus.Finished);

    public async Task InitializeAsync()
    {
        _server = await FakeMlflowServer.StartAsync();
        _reference = await FakeMlflowServer.StartAsync();
        LiveLog.Run(_sweep, _sweep.Write(Path.Combine(_temp.Path, "live")), _reference.Url);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _reference.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    private string Offline() => _sweep.Write(Path.Combine(_temp.Path, "offline"));

    private string Expected => ServerSnapshot.Describe(_reference, _sweep.Name);

    private string Actual => ServerSnapshot.Describe(_server, _sweep.Name);

    private static Dictionary<string, string> StateFiles(string directory) =>
        Directory.GetFiles(directory, "mlflow.json", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

    [Fact]
    public void Given_a_sweep_run_without_a_server_when_synced_then_MLflow_ends_as_after_a_live_log()
    {
        var directory = Offline();

        var (code, log) = LiveLog.Sync(directory, null, ("MLFLOW_TRACKING_URI", _server.Url));

        Assert.True(code == 0, string.Join("\n", log));
        Assert.Equal(Expected, Actual);
        Assert.Contains(log, l => l.Contains("4 trials: 4 new, 0 updated, 0 already up to date", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_trial_folders_that_sweep_json_does_not_list_when_synced_then_they_are_skipped()
    {
        var directory = Offline();
        var planned = Directory.GetDirectories(directory).First();
        var stray = Path.Combine(directory, "left-over-from-an-earlier-grid");
        Directory.CreateDirectory(stray);
        foreach (var file in Directory.GetFiles(planned)) File.Copy(file, Path.Combine(stray, Path.GetFileName(file)));

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        Assert.True(code == 0, string.Join("\n", log));
        Assert.Contains(log, l => l.Contains("skipping 1 trial folders that are not part of this sweep", StringComparison.Ordinal));
        Assert.Equal(Expected, Actual);
        Assert.False(File.Exists(Path.Combine(stray, "mlflow.json")));
    }

    [Fact]
    public void Given_a_synced_sweep_when_synced_again_then_nothing_changes_on_the_server_or_on_disk()
    {
        var directory = Offline();
        LiveLog.Sync(directory, _server.Url);
        var writes = _server.Requests.Count(r => r.Writes);
        var files = StateFiles(directory);

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        Assert.Equal(0, code);
        Assert.Equal(writes, _server.Requests.Count(r => r.Writes));
        Assert.Equal(files, StateFiles(directory));
        Assert.Equal(Expected, Actual);
        Assert.Contains(log, l => l.Contains("0 new, 0 updated, 4 already up to date", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_sweep_logged_live_when_synced_then_nothing_is_sent_again()
    {
        var directory = _sweep.Write(Path.Combine(_temp.Path, "both"));
        LiveLog.Run(_sweep, directory, _server.Url);
        var writes = _server.Requests.Count(r => r.Writes);

        var (code, _) = LiveLog.Sync(directory, _server.Url);

        Assert.Equal(0, code);
        Assert.Equal(writes, _server.Requests.Count(r => r.Writes));
        Assert.Equal(Expected, Actual);
    }

    [Fact]
    public void Given_lost_sync_state_when_synced_again_then_the_trials_keep_their_runs_and_no_point_is_doubled()
    {
        var directory = Offline();
        LiveLog.Sync(directory, _server.Url);
        foreach (var file in StateFiles(directory).Keys) File.Delete(file);

        var (code, _) = LiveLog.Sync(directory, _server.Url);

        Assert.Equal(0, code);
        Assert.Equal(5, _server.RunsOf(_sweep.Name).Count);
        Assert.Equal(Expected, Actual);
    }

    [Fact]
    public async Task Given_every_sync_state_of_a_long_sweep_deleted_when_synced_again_then_it_converges_without_resending_a_point()
    {
        // 300 episodes: batches of 1,000 points whose 100-point rounds name different keys, which MLflow's SQL
        // store refuses with 400 when they are resent
        var sweep = SyntheticSweep.Make("long", configs: 1, replicates: 2, episodes: 300);
        await using var reference = await FakeMlflowServer.StartAsync();
        LiveLog.Run(sweep, sweep.Write(Path.Combine(_temp.Path, "reference")), reference.Url);
        var directory = sweep.Write(Path.Combine(_temp.Path, "long"));
        LiveLog.Sync(directory, _server.Url);
        foreach (var file in StateFiles(directory).Keys) File.Delete(file);

        var (code, log) = LiveLog.Sync(directory, _server.Url);
        var (again, againLog) = LiveLog.Sync(directory, _server.Url);

        Assert.True(code == 0, string.Join("\n", log));
        Assert.Equal(0, again);
        Assert.Contains(againLog, l => l.Contains("0 new, 0 updated, 2 already up to date", StringComparison.Ordinal));
        Assert.Equal(0, _server.ResentPoints);
        Assert.All(_server.Requests.Where(r => r.Path.EndsWith("runs/log-batch", StringComparison.Ordinal)), r => Assert.Equal(200, r.Status));
        Assert.Equal(ServerSnapshot.Describe(reference, "long"), ServerSnapshot.Describe(_server, "long"));
        Assert.All(_server.RunsOf("long").Where(r => r.Tag("dqnlab.trial_id") is not null),
            r => Assert.Equal(300, r.Metrics.Count(m => m.Key == "charts/episodic_return")));
    }

    [Fact]
    public void Given_a_sync_cut_short_and_its_sync_state_deleted_when_synced_again_then_only_the_missing_points_are_sent()
    {
        var directory = Offline();
        _server.GoDownAfter(40);
        LiveLog.Sync(directory, _server.Url);
        _server.Down = false;
        var partial = _server.RunsOf(_sweep.Name).Sum(r => r.Metrics.Count);
        foreach (var file in StateFiles(directory).Keys) File.Delete(file);

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        Assert.True(code == 0, string.Join("\n", log));
        Assert.True(partial > 0);
        Assert.Equal(0, _server.ResentPoints);
        Assert.Equal(Expected, Actual);
    }

    [Fact]
    public void Given_a_batch_refused_with_BAD_REQUEST_after_the_server_committed_it_when_syncing_then_the_sync_converges_without_a_duplicate()
    {
        var directory = Offline();
        // the first trial's first batch of points (its params went first)
        _server.FailNext(1, 400, "BAD_REQUEST", "log-batch", afterActing: true, skip: 1);

        var (code, log) = LiveLog.Sync(directory, _server.Url);
        var (again, _) = LiveLog.Sync(directory, _server.Url);

        Assert.True(code == 0, string.Join("\n", log));
        Assert.Equal(0, again);
        Assert.Equal(1, _server.Requests.Count(r => r.Status == 400));
        Assert.Equal(0, _server.ResentPoints);
        Assert.Equal(Expected, Actual);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Given_a_500_to_a_batch_of_points_when_syncing_then_one_sync_still_sends_everything_once(bool afterActing)
    {
        var directory = Offline();
        _server.FailNext(1, 500, pathContains: "log-batch", afterActing: afterActing, skip: 1);

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        Assert.True(code == 0, string.Join("\n", log));
        Assert.Equal(1, _server.Requests.Count(r => r.Status == 500));
        Assert.Equal(0, _server.ResentPoints);
        Assert.Equal(Expected, Actual);
    }

    [Fact]
    public void Given_one_grid_swept_into_two_folders_when_both_are_synced_then_each_sweep_has_its_own_parent_and_children()
    {
        var first = _sweep.Write(Path.Combine(_temp.Path, "one"));
        var second = (_sweep with { SweepId = "sweep-batch-size-0002" }).Write(Path.Combine(_temp.Path, "two"));

        var (firstCode, _) = LiveLog.Sync(first, _server.Url);
        var (secondCode, secondLog) = LiveLog.Sync(second, _server.Url);

        Assert.Equal(0, firstCode);
        Assert.Equal(0, secondCode);
        Assert.Contains(secondLog, l => l.Contains("4 trials: 4 new, 0 updated", StringComparison.Ordinal));
        var runs = _server.RunsOf(_sweep.Name);
        Assert.Equal(10, runs.Count);
        var parents = runs.Where(r => r.Tag("dqnlab.sweep_id") is not null).ToList();
        Assert.Equal(["sweep-batch-size-0001", "sweep-batch-size-0002"], parents.Select(p => p.Tag("dqnlab.sweep_id")).Order());
        foreach (var parent in parents)
        {
            var children = runs.Where(r => r.Tag("mlflow.parentRunId") == parent.RunId).ToList();
            Assert.Equal(_sweep.Trials.Select(t => t.TrialId).Order(), children.Select(c => c.Tag("dqnlab.trial_id")).Order());
            Assert.All(children, c => Assert.Equal(30, c.Metrics.Count(m => m.Key == "charts/episodic_return")));
            Assert.Equal("FINISHED", parent.Status);
        }
        Assert.Equal(0, _server.ResentPoints);
    }

    [Fact]
    public void Given_a_report_in_the_sweep_folder_when_synced_then_it_is_on_the_parent_run_and_a_second_sync_sends_it_no_more()
    {
        var directory = Offline();
        ReportFiles.Write(directory, new ReportDocuments("config,iqm\nbatch_size=64,12.5\n", "| config | iqm |\n", "<html>report</html>\n", "a,b\n", w => w.Write("e\n"), w => w.Write("v\n"), []));

        LiveLog.Sync(directory, _server.Url);
        var writes = _server.Requests.Count(r => r.Writes);
        LiveLog.Sync(directory, _server.Url);

        var parent = Assert.Single(_server.RunsOf(_sweep.Name), r => r.Tag("dqnlab.sweep_id") is not null);
        var artifacts = _server.ArtifactsOf(parent.RunId);
        Assert.Equal("<html>report</html>\n", Encoding.UTF8.GetString(artifacts["report.html"]));
        Assert.Equal("| config | iqm |\n", Encoding.UTF8.GetString(artifacts["summary.md"]));
        Assert.Equal("config,iqm\nbatch_size=64,12.5\n", Encoding.UTF8.GetString(artifacts["summary.csv"]));
        Assert.Equal(writes, _server.Requests.Count(r => r.Writes));
    }

    [Fact]
    public void Given_a_trial_still_running_when_synced_then_its_run_stays_RUNNING_and_a_later_sync_finishes_it()
    {
        var directory = Offline();
        var running = _sweep.Trials[1];
        Directory.Delete(Path.Combine(directory, running.TrialId), recursive: true);
        running.Write(directory, episodesWritten: 17);

        var (first, _) = LiveLog.Sync(directory, _server.Url);
        var run = Assert.Single(_server.RunsOf(_sweep.Name), r => r.Tag("dqnlab.trial_id") == running.TrialId);
        var parent = Assert.Single(_server.RunsOf(_sweep.Name), r => r.Tag("dqnlab.sweep_id") is not null);

        Assert.Equal(0, first);
        Assert.Equal("RUNNING", run.Status);
        Assert.Null(run.EndTime);
        Assert.Equal(17, run.Metrics.Count(m => m.Key == "charts/episodic_return"));
        Assert.Equal(["config.yaml"], _server.ArtifactsOf(run.RunId).Keys);
        Assert.Equal("RUNNING", parent.Status);

        running.Write(directory);
        var (second, _) = LiveLog.Sync(directory, _server.Url);

        Assert.Equal(0, second);
        Assert.Equal(Expected, Actual);
    }

    [Fact]
    public void Given_a_run_removed_from_the_server_when_synced_then_the_trial_is_logged_again_as_one_new_run()
    {
        var directory = Offline();
        LiveLog.Sync(directory, _server.Url);
        var gone = Assert.Single(_server.RunsOf(_sweep.Name), r => r.Tag("dqnlab.trial_id") == _sweep.Trials[0].TrialId);
        _server.PurgeRun(gone.RunId);

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        Assert.Equal(0, code);
        Assert.Contains(log, l => l.Contains($"run {gone.RunId} is gone from the server", StringComparison.Ordinal));
        Assert.Equal(Expected, Actual);
    }

    [Fact]
    public async Task Given_a_run_moved_to_the_trash_when_synced_then_the_trial_is_logged_again_and_the_trashed_run_is_left_alone()
    {
        var directory = Offline();
        LiveLog.Sync(directory, _server.Url);
        var trashed = Assert.Single(_server.RunsOf(_sweep.Name), r => r.Tag("dqnlab.trial_id") == _sweep.Trials[2].TrialId);
        using (var client = new MlflowClient(_server.Url, null, MlflowTestSettings.Client))
            await client.DeleteRunAsync(trashed.RunId);

        var (code, _) = LiveLog.Sync(directory, _server.Url);

        Assert.Equal(0, code);
        Assert.Equal("deleted", _server.Run(trashed.RunId)!.LifecycleStage);
        Assert.Single(_server.RunsOf(_sweep.Name), r => r.Tag("dqnlab.trial_id") == _sweep.Trials[2].TrialId && r.LifecycleStage == "active");
    }

    [Fact]
    public void Given_a_server_that_fails_midway_through_a_sync_when_synced_again_then_MLflow_ends_as_after_a_live_log()
    {
        var directory = Offline();
        _server.GoDownAfter(25);

        var (first, log) = LiveLog.Sync(directory, _server.Url);
        _server.Down = false;
        var (second, _) = LiveLog.Sync(directory, _server.Url);

        Assert.Equal(MlflowSync.Incomplete, first);
        var stopped = Assert.Single(log, l => l.Contains($"MLflow at {_server.Url} stopped answering", StringComparison.Ordinal));
        Assert.Contains("recorded in the mlflow.json of", stopped);
        Assert.DoesNotContain("UNREACHABLE", stopped);
        Assert.Equal(0, second);
        Assert.Equal(Expected, Actual);
    }

    [Fact]
    public void Given_credentials_when_syncing_then_they_reach_the_server_but_never_the_sync_state_or_the_log()
    {
        const string password = "hunter2-very-secret";
        _server.RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("carol:" + password));
        var directory = Offline();
        var uri = _server.Url.Replace("http://", "http://carol:" + password + "@", StringComparison.Ordinal);
        _server.GoDownAfter(30);

        var (first, log) = LiveLog.Sync(directory, uri);
        _server.Down = false;
        var (second, log2) = LiveLog.Sync(directory, null, ("MLFLOW_TRACKING_URI", _server.Url),
            ("MLFLOW_TRACKING_USERNAME", "carol"), ("MLFLOW_TRACKING_PASSWORD", password));

        Assert.Equal(MlflowSync.Incomplete, first);
        Assert.Equal(0, second);
        Assert.Equal(Expected, Actual);
        Assert.All(StateFiles(directory).Values, text =>
        {
            Assert.DoesNotContain(password, text);
            Assert.Contains($"\"{_server.Url}\"", text);
        });
        Assert.All(log.Concat(log2), line => Assert.DoesNotContain(password, line));
    }

    [Fact]
    public async Task Given_the_experiment_was_deleted_in_MLflow_when_syncing_then_nothing_is_logged_elsewhere_and_it_says_what_to_do()
    {
        var directory = Offline();
        LiveLog.Sync(directory, _server.Url);
        using (var http = new HttpClient())
            await http.PostAsync($"{_server.Url}/api/2.0/mlflow/experiments/delete",
                new StringContent($$"""{"experiment_id":"{{_server.Experiment(_sweep.Name)!.ExperimentId}}"}""", Encoding.UTF8, "application/json"));
        var writes = _server.Requests.Count(r => r.Writes);

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        Assert.Equal(MlflowSync.Incomplete, code);
        Assert.Equal(2, log.Count);
        Assert.StartsWith($"Syncing 4 trials to {_server.Url}", log[0], StringComparison.Ordinal);
        Assert.Contains("is deleted; restore it", log[1]);
        Assert.Equal(writes, _server.Requests.Count(r => r.Writes));
    }

    [Fact]
    public void Given_a_server_that_does_not_proxy_artifacts_then_runs_params_and_metrics_are_logged_and_it_is_said_once()
    {
        _server.ProxyArtifacts = false;
        var directory = Offline();

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        var runs = _server.RunsOf(_sweep.Name);
        Assert.Equal(5, runs.Count);
        Assert.All(runs.Where(r => r.Tag("dqnlab.trial_id") is not null), r => Assert.Equal(30, r.Metrics.Count(m => m.Key == "charts/episode")));
        Assert.Single(log, l => l.Contains("outside its artifact proxy", StringComparison.Ordinal));
        Assert.Equal(MlflowSync.Ok, code);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public void Given_no_server_or_no_results_then_sync_is_bad_input_with_a_message_that_says_what_to_do()
    {
        var directory = Offline();

        var (noUri, noUriLog) = LiveLog.Sync(directory, null);
        var (noFolder, noFolderLog) = LiveLog.Sync(Path.Combine(_temp.Path, "nowhere"), _server.Url);
        var (badUri, badUriLog) = LiveLog.Sync(directory, "databricks");

        Assert.Equal(MlflowSync.BadInput, noUri);
        Assert.Contains("--tracking-uri", Assert.Single(noUriLog));
        Assert.Equal(MlflowSync.BadInput, noFolder);
        Assert.Contains("no such folder", Assert.Single(noFolderLog));
        Assert.Equal(MlflowSync.BadInput, badUri);
        Assert.Contains("http://", Assert.Single(badUriLog));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Given_one_trial_folder_when_synced_then_only_that_trial_is_sent_under_the_sweeps_parent_run()
    {
        var directory = Offline();
        var trial = _sweep.Trials[3];

        var (code, _) = LiveLog.Sync(Path.Combine(directory, trial.TrialId), _server.Url);

        var runs = _server.RunsOf(_sweep.Name);
        Assert.Equal(0, code);
        Assert.Equal(2, runs.Count);
        var parent = Assert.Single(runs, r => r.Tag("dqnlab.sweep_id") == _sweep.SweepId);
        Assert.Equal(parent.RunId, Assert.Single(runs, r => r.Tag("dqnlab.trial_id") == trial.TrialId).Tag("mlflow.parentRunId"));
    }

    [Fact]
    public void Given_nothing_listening_at_the_address_when_syncing_then_it_fails_within_the_probe_budget_and_records_nothing()
    {
        var directory = Offline();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var uri = $"http://127.0.0.1:{port}";
        // the full retry budget is long, as by default: only the probe's short one may apply
        var options = MlflowTestSettings.Client with
        {
            RetryBudget = TimeSpan.FromSeconds(60), MaxDelay = TimeSpan.FromSeconds(1), ProbeBudget = TimeSpan.FromSeconds(1),
        };
        var log = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var code = MlflowSync.Run(directory, uri, log.Add, MlflowTestSettings.Environment(), options);

        clock.Stop();
        Assert.Equal(MlflowSync.Incomplete, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(2, log.Count);
        Assert.Equal($"Syncing 4 trials to {uri} ...", log[0]);
        Assert.StartsWith($"mlflow sync: cannot reach MLflow at {uri}: no answer", log[1], StringComparison.Ordinal);
        Assert.Contains("nothing was sent", log[1]);
        Assert.All(log, l => Assert.DoesNotContain("UNREACHABLE", l));
        Assert.All(log, l => Assert.DoesNotContain("mlflow.json", l));
        Assert.Empty(StateFiles(directory));
    }

    [Fact]
    public void Given_a_server_that_goes_down_right_after_the_probe_then_the_sync_says_nothing_was_recorded()
    {
        var directory = Offline();
        _server.GoDownAfter(1);

        var (code, log) = LiveLog.Sync(directory, _server.Url);

        Assert.Equal(MlflowSync.Incomplete, code);
        var stopped = Assert.Single(log, l => l.Contains("stopped answering", StringComparison.Ordinal));
        Assert.Contains("nothing was recorded", stopped);
        Assert.DoesNotContain("mlflow.json", stopped);
        Assert.Empty(StateFiles(directory));
    }
}
