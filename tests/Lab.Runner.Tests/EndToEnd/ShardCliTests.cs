using System.Text.RegularExpressions;
using Lab.Agent;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>`runner sweep --shard`, `--slurm --dry-run` and `runner status`, without a Slurm cluster.</summary>
public sealed partial class ShardCliTests
{
    /// <summary>Twelve trials (2 gammas × 6 seeds) of a second or less each.</summary>
    internal const string Grid12 = """
        name: tiny12
        config:
          env: CartPole-v1
          episodes: 30
          memory: 2000
          learning_starts: 64
          batch_size: 32
          network: {hidden: [16, 16]}
          evaluation: {every_episodes: 10, episodes: 5}
        grid:
          gamma: [0.9, 0.99]
        seeds: 6
        """;

    [Theory]
    [InlineData("3/2", "the index must be below the count")]
    [InlineData("a/b", "--shard expects INDEX/COUNT")]
    [InlineData("0/0", "the count must be at least 1")]
    [InlineData("1", "--shard expects INDEX/COUNT")]
    [InlineData("-1/2", "--shard expects INDEX/COUNT")]
    public void A_bad_shard_is_refused_with_exit_2_and_nothing_written(string shard, string message)
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid12);

        var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--shard", shard, "--out", "out");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("   at ", run.All);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out")));
    }

    [Fact]
    public void Shard_and_slurm_together_are_refused()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid12);

        var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--shard", "0/2", "--slurm", "--dry-run");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--shard and --slurm do not go together", run.Error);
    }

    [Fact]
    public void A_dry_run_of_shard_1_of_4_lists_the_trials_2_6_and_10_of_12()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid12);

        var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--shard", "1/4", "--dry-run");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("shard 1/4: 3 of 12 trials", run.Output);
        var numbers = RowNumber().Matches(run.Output).Select(m => int.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal([2, 6, 10], numbers);
    }

    [Fact]
    public void Four_shards_write_what_one_local_sweep_writes_and_the_last_one_writes_the_report()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid12);
        var local = RunnerProcess.Run(temp.Path, "sweep", grid, "--jobs", "1", "--out", "local", "--no-report");
        Assert.True(local.ExitCode == 0, local.All);

        for (var shard = 0; shard < 4; shard++)
        {
            Assert.False(File.Exists(Path.Combine(temp.Path, "sharded", "report.html")), $"a report before shard {shard} ran");
            var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--jobs", "1", "--out", "sharded", "--shard", $"{shard}/4");
            Assert.True(run.ExitCode == 0, run.All);
            Assert.Contains("Done: 3 trials finished", run.Output);
        }

        TrialFilesAreIdentical(Path.Combine(temp.Path, "local"), Path.Combine(temp.Path, "sharded"), 12);
        Assert.True(File.Exists(Path.Combine(temp.Path, "sharded", "report.html")));
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "sharded", ".claims")));
    }

    [Fact]
    public async Task Two_processes_of_the_same_shard_run_each_trial_once_between_them()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid12);
        var args = new[] { "sweep", grid, "--jobs", "1", "--out", "shared", "--shard", "0/1", "--no-report" };

        var first = Task.Run(() => RunnerProcess.Run(temp.Path, args));
        var second = Task.Run(() => RunnerProcess.Run(temp.Path, args));
        var runs = await Task.WhenAll(first, second);

        foreach (var run in runs) Assert.True(run.ExitCode == 0, run.All);
        var finished = runs.Select(r => FinishedTrials(r.Output)).ToArray();
        Assert.Empty(finished[0].Intersect(finished[1]));
        Assert.Equal(12, finished[0].Count + finished[1].Count);
        Assert.Equal(12, TrialDirectories.Of(Path.Combine(temp.Path, "shared")).Count(d => File.Exists(Path.Combine(d, "status.json"))));
    }

    [Fact]
    public void A_plain_sweep_is_refused_while_a_shard_works_in_its_folder()
    {
        using var temp = new TempDirectory();
        var results = Path.Combine(temp.Path, "out");
        using (SweepLock.AcquireShared(results))
        {
            var grid = temp.File("grid.yaml", Grid12);
            var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--out", "out");

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("Another sweep is writing", run.Error);
        }
    }

    [Fact]
    public void A_slurm_dry_run_prints_the_array_script_and_the_report_job_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid12);

        var run = RunnerProcess.Run(temp.Path, "sweep", grid, "--slurm", "--dry-run", "--slurm-tasks", "4", "--out", "out",
            "--slurm-option", "--partition=cpu --time=02:00:00", "--set", "episodes=20");

        Assert.True(run.ExitCode == 0, run.All);
        var script = run.Output;
        var results = Path.Combine(temp.Path, "out");
        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Contains("#SBATCH --array=0-3\n", script);
        Assert.Contains("#SBATCH --requeue\n", script);
        Assert.Contains("#SBATCH --partition=cpu\n", script);
        Assert.Contains("#SBATCH --time=02:00:00\n", script);
        Assert.Contains("trap stop TERM\n", script);
        // the runner by absolute paths (here dotnet and runner.dll), the grid and --out absolute, the work in the background
        Assert.Contains($"{RunnerProcess.RunnerDll} sweep {grid} --set episodes=20 --out {results} --shard \"$SLURM_ARRAY_TASK_ID/4\"", script);
        Assert.Contains("--jobs \"${SLURM_CPUS_PER_TASK:-1}\" &\nrunner=$!\n", script);
        Assert.Contains("--dependency=afterany:ARRAY_JOB_ID", script);
        Assert.Contains($"{RunnerProcess.RunnerDll} report {results}", script);
        Assert.False(Directory.Exists(results));
    }

    [Fact]
    public void Without_slurm_tasks_the_array_has_one_task_per_trial_up_to_16()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid12);

        var twelve = RunnerProcess.Run(temp.Path, "sweep", grid, "--slurm", "--dry-run");
        var more = RunnerProcess.Run(temp.Path, "sweep", grid, "--slurm", "--dry-run", "--seeds", "10");

        Assert.Contains("#SBATCH --array=0-11\n", twelve.Output);
        Assert.Contains("#SBATCH --array=0-15\n", more.Output);
    }

    [Fact]
    public void Slurm_without_sbatch_on_the_path_is_refused_with_exit_2_and_nothing_written()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid12);
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "bin")).FullName;

        var run = RunnerProcess.Run(temp.Path, TimeSpan.FromMinutes(1), new Dictionary<string, string?> { ["PATH"] = empty },
            "sweep", grid, "--slurm", "--out", "out");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sbatch is not on PATH", run.Error);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out")));
    }

    [Fact]
    public void Status_counts_done_running_failed_and_left_in_all_and_per_task()
    {
        using var temp = new TempDirectory();
        var results = Path.Combine(temp.Path, "exp");
        var done = SyntheticTrial.Make("exp", 16, 1, 5);
        var failed = SyntheticTrial.Make("exp", 16, 2, 5, status: TrialStatus.Failed);
        var running = SyntheticTrial.Make("exp", 32, 1, 5, status: null);
        var left = SyntheticTrial.Make("exp", 32, 2, 5);
        Directory.CreateDirectory(results);
        new SweepFile("s1", "exp", null, null, null, null, [done.TrialId, failed.TrialId, running.TrialId, left.TrialId]).Write(results);
        new SlurmSubmissionFile("501", 2, "502", 0).Write(results);
        done.Write(results);
        failed.Write(results);
        running.Write(results, episodesWritten: 2);
        // this test process holds the running trial's claim, as a task would
        using var claim = TrialClaim.TryTake(results, running.TrialId, ClaimOwner.Current(0, 2), out _);

        var run = RunnerProcess.Run(temp.Path, "status", results);

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("exp: 4 trials: 1 done, 1 running, 1 failed, 1 left", run.Output);
        Assert.Contains("Slurm: job array 501 (2 tasks), report job 502 after it", run.Output);
        // task 0 has trials 0 and 2 (done, running), task 1 has 1 and 3 (failed, left)
        Assert.Contains("task  trials  done  running  failed  left\n   0       2     1        1       0     0\n   1       2     0        0       1     1\n",
            run.Output);
        Assert.Contains($"  {running.TrialId}  shard 0/2 on ", run.Output);
    }

    [Fact]
    public void Status_of_a_folder_without_a_sweep_is_exit_2()
    {
        using var temp = new TempDirectory();

        var run = RunnerProcess.Run(temp.Path, "status", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has no sweep.json", run.Error);
    }

    /// <summary>metrics.csv, trial.json and config.yaml byte for byte; eval.csv without its wall-clock column.</summary>
    internal static void TrialFilesAreIdentical(string expected, string actual, int trials)
    {
        var names = TrialDirectories.Of(expected).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(trials, names.Length);
        Assert.Equal(names, TrialDirectories.Of(actual).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            foreach (var file in new[] { "metrics.csv", "trial.json", "config.yaml" })
                Assert.True(File.ReadAllBytes(Path.Combine(expected, name!, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name!, file))),
                    $"{name}/{file} differs");
            Assert.Equal(WithoutClock(Path.Combine(expected, name!, "eval.csv")), WithoutClock(Path.Combine(actual, name!, "eval.csv")));
        }
    }

    private static string[] WithoutClock(string evalCsv) =>
        File.ReadAllLines(evalCsv).Select(line => line[..line.LastIndexOf(',')]).ToArray();

    /// <summary>The trials a sweep's log says it finished: "[1/3] gamma=0.9 seed=2: finished ...".</summary>
    internal static HashSet<string> FinishedTrials(string log) =>
        FinishedLine().Matches(log).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^[│|] +([0-9]+) +[│|]", RegexOptions.Multiline)]
    private static partial Regex RowNumber();

    [GeneratedRegex(@"^\[[0-9]+/[0-9]+\] (.+?): finished", RegexOptions.Multiline)]
    private static partial Regex FinishedLine();
}
