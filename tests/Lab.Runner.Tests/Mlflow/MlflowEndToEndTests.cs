using System.Globalization;
using System.Text.Json;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>The built `runner` against the fake MLflow server, as a person would use it.</summary>
public sealed class MlflowEndToEndTests : IAsyncLifetime, IDisposable
{
    private const string Grid = """
        name: tiny-mlflow
        question: Does a bigger batch help a tiny agent?
        config:
          env: CartPole-v1
          episodes: 12
          memory: 2000
          learning_starts: 64
          network: {hidden: [16, 16]}
          epsilon: {schedule: multiplicative, start: 1.0, min: 0.05, decay: 0.99}
          target_update: episode
          evaluation: {every_episodes: 4, episodes: 3}
        seeds: 2
        grid:
          batch_size: [16, 32]
        """;

    private readonly TempDirectory _temp = new();
    private FakeMlflowServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeMlflowServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_sweep_with_a_tracking_uri_logs_every_trial_live_and_a_sync_afterwards_sends_nothing_again()
    {
        var grid = _temp.File("grid.yaml", Grid);

        var sweep = RunnerProcess.Run(_temp.Path, "sweep", grid, "--out", "out", "--jobs", "2", "--tracking-uri", _server.Url);

        Assert.True(sweep.ExitCode == 0, sweep.All);
        AssertServerMirrors(Path.Combine(_temp.Path, "out"));
        var parent = Assert.Single(_server.RunsOf("tiny-mlflow"), r => r.Tag("dqnlab.sweep_id") is not null);
        var artifacts = _server.ArtifactsOf(parent.RunId);
        foreach (var name in new[] { "report.html", "summary.md", "summary.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_temp.Path, "out", name)), artifacts[name]);
        var writes = _server.Requests.Count(r => r.Writes);
        var sync = RunnerProcess.Run(_temp.Path, "mlflow", "sync", "out", "--tracking-uri", _server.Url);
        Assert.True(sync.ExitCode == 0, sync.All);
        Assert.Equal(writes, _server.Requests.Count(r => r.Writes));
    }

    [Fact]
    public void A_sweep_without_a_server_says_so_and_a_sync_later_logs_it_exactly_once()
    {
        var grid = _temp.File("grid.yaml", Grid);

        var sweep = RunnerProcess.Run(_temp.Path, "sweep", grid, "--out", "out", "--no-report", "--jobs", "2");
        var first = RunnerProcess.Run(_temp.Path, TimeSpan.FromMinutes(2), new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = _server.Url },
            "mlflow", "sync", "out");
        var writes = _server.Requests.Count(r => r.Writes);
        var second = RunnerProcess.Run(_temp.Path, "mlflow", "sync", "out", "--tracking-uri", _server.Url);

        Assert.True(sweep.ExitCode == 0, sweep.All);
        Assert.Contains("MLflow: not configured", sweep.All);
        Assert.True(first.ExitCode == 0, first.All);
        Assert.True(second.ExitCode == 0, second.All);
        Assert.Equal(writes, _server.Requests.Count(r => r.Writes));
        AssertServerMirrors(Path.Combine(_temp.Path, "out"));
    }

    [Fact]
    public void Deleting_every_mlflow_json_of_a_sweep_logged_live_and_syncing_changes_nothing_on_the_server()
    {
        var grid = _temp.File("grid.yaml", Grid);
        var sweep = RunnerProcess.Run(_temp.Path, "sweep", grid, "--out", "out", "--no-report", "--jobs", "2", "--tracking-uri", _server.Url);
        var points = _server.RunsOf("tiny-mlflow").Sum(r => r.Metrics.Count);
        foreach (var file in Directory.GetFiles(Path.Combine(_temp.Path, "out"), "mlflow.json", SearchOption.AllDirectories)) File.Delete(file);

        var sync = RunnerProcess.Run(_temp.Path, "mlflow", "sync", "out", "--tracking-uri", _server.Url);

        Assert.True(sweep.ExitCode == 0, sweep.All);
        Assert.True(sync.ExitCode == 0, sync.All);
        Assert.Contains("4 trials: 0 new, 4 updated", sync.All);
        Assert.Equal(points, _server.RunsOf("tiny-mlflow").Sum(r => r.Metrics.Count));
        Assert.Equal(0, _server.ResentPoints);
        AssertServerMirrors(Path.Combine(_temp.Path, "out"));
    }

    private void AssertServerMirrors(string results)
    {
        var runs = _server.RunsOf("tiny-mlflow");
        var parent = Assert.Single(runs, r => r.Tag("dqnlab.sweep_id") is not null);
        Assert.Equal("FINISHED", parent.Status);
        Assert.Equal("Does a bigger batch help a tiny agent?", _server.Experiment("tiny-mlflow")!.Tags["mlflow.note.content"]);
        var trials = Directory.GetDirectories(results).Where(d => File.Exists(Path.Combine(d, "trial.json"))).ToList();
        Assert.Equal(4, trials.Count);
        Assert.Equal(5, runs.Count);
        foreach (var trial in trials)
        {
            var id = Path.GetFileName(trial);
            var run = Assert.Single(runs, r => r.Tag("dqnlab.trial_id") == id);
            Assert.Equal(parent.RunId, run.Tag("mlflow.parentRunId"));
            Assert.Equal("FINISHED", run.Status);
            Assert.Equal(Rows(trial, "metrics.csv"), run.Metrics.Count(m => m.Key == "charts/episodic_return"));
            Assert.Equal(Rows(trial, "eval.csv"), run.Metrics.Count(m => m.Key == "eval/mean_return"));
            Assert.Equal(1, run.Metrics.Count(m => m.Key == "final/mean_return"));
            Assert.Contains("batch_size", run.Params.Keys);
            Assert.Equal(File.ReadAllBytes(Path.Combine(trial, "model.dqn")), _server.ArtifactsOf(run.RunId)["model.dqn"]);
            foreach (var episodeFile in new[] { "episode.svg", "episode-q.svg" }) // the final greedy episode (docs/WATCHING.md)
                Assert.Equal(File.ReadAllBytes(Path.Combine(trial, episodeFile)), _server.ArtifactsOf(run.RunId)[episodeFile]);
            using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(trial, "mlflow.json")));
            var mine = state.RootElement.GetProperty("servers").GetProperty(_server.Url);
            Assert.Equal(run.RunId, mine.GetProperty("run_id").GetString());
            Assert.Equal(Rows(trial, "metrics.csv"), mine.GetProperty("metric_rows_synced").GetInt32());
            var steps = File.ReadLines(Path.Combine(trial, "metrics.csv")).Skip(1)
                .Select(l => long.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(steps, run.Metrics.Where(m => m.Key == "charts/episodic_return").Select(m => m.Step).Order());
            // losses/q_values: metrics.csv's taken_q at each episode with updates, CleanRL's name for it
            var takenQ = TakenQColumn(trial);
            Assert.NotEmpty(takenQ);
            Assert.Equal(takenQ, run.Metrics.Where(m => m.Key == "losses/q_values").Select(m => (m.Step, m.Value)).Order());
        }
        Assert.Equal(0, _server.TruncatedValues);
    }

    /// <summary>(env_steps, taken_q) of every metrics.csv row with a gradient step, read by column name.</summary>
    private static List<(long Step, double Value)> TakenQColumn(string trial)
    {
        var lines = File.ReadLines(Path.Combine(trial, "metrics.csv")).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        int Column(string name) => Array.IndexOf(lines[0], name);
        var (steps, takenQ, updates) = (Column("env_steps"), Column("taken_q"), Column("updates"));
        return lines.Skip(1).Where(r => r[updates] != "0" && r[takenQ] != "NaN")
            .Select(r => (long.Parse(r[steps], CultureInfo.InvariantCulture), double.Parse(r[takenQ], CultureInfo.InvariantCulture)))
            .Order().ToList();
    }

    private static int Rows(string trial, string file) => File.ReadLines(Path.Combine(trial, file)).Skip(1).Count(l => l.Length > 0);
}
