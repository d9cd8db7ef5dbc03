using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>`runner sweep` on real grid files: reproducible across --jobs, resumable, one writer at a time.</summary>
public sealed class SweepCliTests
{
    private const string Grid = """
        name: tiny-grid
        question: Does a bigger batch help a tiny agent?
        config:
          env: CartPole-v1
          episodes: 15
          memory: 2000
          learning_starts: 64
          network: {hidden: [16, 16]}
          epsilon: {schedule: multiplicative, start: 1.0, min: 0.05, decay: 0.99}
          target_update: episode
          evaluation: {every_episodes: 5, episodes: 5}
        seeds: 2
        grid:
          batch_size: [16, 32]
        """;

    [Fact]
    public void The_same_grid_with_one_job_and_with_two_jobs_gives_byte_identical_metrics()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid);

        var one = RunnerProcess.Run(temp.Path, "sweep", grid, "--jobs", "1", "--out", "one", "--no-report");
        var two = RunnerProcess.Run(temp.Path, "sweep", grid, "--jobs", "2", "--out", "two", "--no-report");

        Assert.True(one.ExitCode == 0, one.All);
        Assert.True(two.ExitCode == 0, two.All);
        var trials = TrialDirectories.Of(Path.Combine(temp.Path, "one")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(4, trials.Length);
        Assert.Equal(trials, TrialDirectories.Of(Path.Combine(temp.Path, "two")).Select(Path.GetFileName).Order());
        foreach (var trial in trials)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "one", trial!, "metrics.csv")),
                File.ReadAllBytes(Path.Combine(temp.Path, "two", trial!, "metrics.csv")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "one", trial!, "model.dqn")),
                File.ReadAllBytes(Path.Combine(temp.Path, "two", trial!, "model.dqn")));
        }
    }

    [Fact]
    public void Replicate_r_of_every_config_plays_the_same_episode_starts()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid);
        var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--jobs", "2", "--out", "r", "--no-report");
        Assert.True(run.ExitCode == 0, run.All);

        var seeds = TrialDirectories.Of(Path.Combine(temp.Path, "r"))
            .Select(d => File.ReadAllText(Path.Combine(d, "trial.json")))
            .Select(json => System.Text.Json.JsonDocument.Parse(json).RootElement)
            .GroupBy(t => t.GetProperty("replicate").GetInt32(), t => t.GetProperty("seed").GetInt64())
            .ToArray();
        Assert.Equal(2, seeds.Length);
        Assert.All(seeds, g => Assert.Single(g.Distinct()));
    }

    [Fact]
    public void A_sweep_killed_midway_resumes_with_exactly_the_missing_trials()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid.Replace("seeds: 2", "seeds: 4").Replace("episodes: 15", "episodes: 40"));
        var results = Path.Combine(temp.Path, "out");

        using (var process = RunnerProcess.Start(temp.Path, null, "sweep", grid, "--jobs", "1", "--out", "out", "--no-report"))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (FinishedTrials(results).Length < 2 && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        var finishedBefore = FinishedTrials(results);
        Assert.InRange(finishedBefore.Length, 2, 7);
        var stamps = finishedBefore.ToDictionary(t => t, t => File.ReadAllBytes(Path.Combine(t, "metrics.csv")));
        var times = finishedBefore.ToDictionary(t => t, t => File.GetLastWriteTimeUtc(Path.Combine(t, "status.json")));

        var resumed = RunnerProcess.Run(temp.Path, "sweep", grid, "--jobs", "2", "--out", "out", "--no-report");

        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains($"{finishedBefore.Length} of 8 trials already done", resumed.Output);
        Assert.Equal(8, FinishedTrials(results).Length);
        foreach (var trial in finishedBefore)
        {
            Assert.Equal(stamps[trial], File.ReadAllBytes(Path.Combine(trial, "metrics.csv")));
            Assert.Equal(times[trial], File.GetLastWriteTimeUtc(Path.Combine(trial, "status.json")));
        }
    }

    [Fact]
    public void A_second_sweep_on_the_same_results_folder_is_refused_with_a_clear_message()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid);
        using var held = SweepLock.Acquire(Path.Combine(temp.Path, "out"));

        var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--out", "out");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Another sweep is writing", run.Error);
        Assert.Equal("", run.Output); // not the question and the trial count first, as if it were running
    }

    [Fact]
    public void Dry_run_lists_every_trial_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid);

        var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("4 trials", run.Output);
        Assert.Contains("batch_size=32", run.Output);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "results")));
    }

    [Fact]
    public void A_diverging_trial_is_recorded_as_failed_the_others_finish_and_the_exit_code_says_so()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid.Replace("seeds: 2", "seeds: 1").Replace("batch_size: [16, 32]",
            "optimizer.learning_rate: [0.001, 1000000.0]").Replace("target_update: episode", "target_update: episode\n  optimizer: {name: sgd}"));

        var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--jobs", "2");

        Assert.Equal(1, run.ExitCode);
        var statuses = TrialDirectories.Of(Path.Combine(temp.Path, "results", "tiny-grid"))
            .Select(d => File.ReadAllText(Path.Combine(d, "status.json"))).ToArray();
        Assert.Single(statuses, s => s.Contains("\"failed\""));
        Assert.Single(statuses, s => s.Contains("\"finished\""));
        Assert.Contains("1 failed", run.Output);
        Assert.Contains("report.html", run.Output);

        // Run again: the diverged trial is done (the same seed diverges the same way), and the exit code still says so.
        var again = RunnerProcess.Run(temp.Path, "sweep", grid, "--jobs", "2");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("2 already done before (1 of them failed)", again.Output);
    }

    [Fact]
    public void Unfinished_trial_folders_of_an_earlier_version_of_the_grid_are_pointed_out_and_left_out_of_the_report()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid.Replace("seeds: 2", "seeds: 1"));
        Assert.Equal(0, RunnerProcess.Run(temp.Path, "sweep", grid, "--out", "out", "--no-report").ExitCode);
        // Unfinished (as after a kill): nothing finished is lost by sweeping another version into the folder.
        foreach (var status in Directory.GetFiles(Path.Combine(temp.Path, "out"), "status.json", SearchOption.AllDirectories)) File.Delete(status);

        var changed = RunnerProcess.Run(temp.Path, "sweep", grid, "--out", "out", "--set", "episodes=10");

        Assert.True(changed.ExitCode == 0, changed.All);
        Assert.Contains("2 trial folders in out are not part of this grid", changed.Output);
        var summary = File.ReadAllLines(Path.Combine(temp.Path, "out", "summary.csv"));
        Assert.Equal(2 + 1, summary.Length);
        Assert.All(summary.Skip(1), row => Assert.Equal("1", row.Split(',')[2])); // seeds: the earlier trials are not pooled in
    }

    private static string[] FinishedTrials(string results) =>
        Directory.Exists(results)
            ? Directory.GetDirectories(results).Where(d => File.Exists(Path.Combine(d, "status.json"))).ToArray()
            : [];
}
