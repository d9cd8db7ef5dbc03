using System.Text.RegularExpressions;
using Lab.Agent;
using Lab.Runner.Store;
using Lab.Runner.Tests.EndToEnd;
using Lab.Runner.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Lab.Runner.Tests.Slurm;

/// <summary>
/// `runner sweep --slurm` on a real Slurm cluster (.ci/slurm-up.sh starts a single-node one; without one
/// these tests are skipped and say so): an array's results are a local sweep's, a requeued task finishes
/// only what is missing, and tasks sharing trials never run one twice.
/// </summary>
public sealed partial class SlurmArrayTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [SlurmFact]
    public void An_array_of_4_tasks_writes_what_a_local_sweep_writes_and_its_report_job_the_report()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", ShardCliTests.Grid12);
        var local = RunnerProcess.Run(temp.Path, "sweep", grid, "--jobs", "1", "--out", "local", "--no-report");
        Assert.True(local.ExitCode == 0, local.All);
        var results = Path.Combine(temp.Path, "slurm");

        var submit = RunnerProcess.Run(temp.Path, "sweep", grid, "--slurm", "--slurm-tasks", "4", "--out", "slurm");

        Assert.True(submit.ExitCode == 0, submit.All);
        var (array, report) = JobIds(submit.Output);
        WaitForEnd(report);
        var states = SlurmCluster.States(array);
        Assert.Equal(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"], Enumerable.Range(0, 4).Select(t => states.GetValueOrDefault($"{array}_{t}")));
        Assert.Equal("COMPLETED", SlurmCluster.States(report)[report]);
        ShardCliTests.TrialFilesAreIdentical(Path.Combine(temp.Path, "local"), results, 12);
        for (var task = 0; task < 4; task++)
            Assert.Contains("Done: 3 trials finished, 0 failed, 0 interrupted, 0 already done before.",
                File.ReadAllText(Path.Combine(results, $"slurm-{array}_{task}.out")));
        Assert.True(File.Exists(Path.Combine(results, "report.html")));
        Assert.Contains("report:", File.ReadAllText(Path.Combine(results, $"slurm-{report}-report.out")));
        Assert.Equal(array, SlurmSubmissionFile.Read(results)?.ArrayJobId);
        Assert.Contains("#SBATCH --array=0-3", File.ReadAllText(Path.Combine(results, "slurm.sbatch")));
    }

    [SlurmFact]
    public void A_task_requeued_mid_trial_resumes_and_runs_only_its_missing_trial()
    {
        using var temp = new TempDirectory();
        // trials 0..3: episodes=30-s1, episodes=30-s2, episodes=1500-s1, episodes=1500-s2; task 0 has 0 and 2
        var grid = temp.File("grid.yaml", ShardCliTests.Grid12.Replace("name: tiny12", "name: requeue")
            .Replace("gamma: [0.9, 0.99]", "episodes: [30, 1500]").Replace("seeds: 6", "seeds: 2"));
        var results = Path.Combine(temp.Path, "out");
        var submit = RunnerProcess.Run(temp.Path, "sweep", grid, "--slurm", "--slurm-tasks", "2", "--out", "out");
        Assert.True(submit.ExitCode == 0, submit.All);
        var (array, report) = JobIds(submit.Output);
        var shortTrial = TrialFolder(results, "episodes=30-s1");
        var longTrial = TrialFolder(results, "episodes=1500-s1");

        // task 0 has finished its short trial and is in the middle of its long one
        SlurmCluster.WaitUntil(() => File.Exists(Path.Combine(shortTrial(), "status.json")) && Rows(Path.Combine(longTrial(), "metrics.csv")) >= 20,
            Limit, () => $"task 0 to get into its long trial: {string.Join(", ", SlurmCluster.States(array))}");
        var task0 = SlurmCluster.TaskJobId(array, 0);
        var (code, said) = SlurmCluster.Run("scontrol", "requeue", task0);
        var requeued = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(code == 0, said);
        SlurmCluster.WaitUntil(() => SlurmCluster.States(task0).GetValueOrDefault($"{array}_0") == "PENDING" && StatusOf(longTrial()) is not null,
            Limit, () => $"task 0 to stop and wait: {string.Join(", ", SlurmCluster.States(task0))}");
        Assert.Equal(TrialStatus.Interrupted, StatusOf(longTrial()));
        var before = Snapshot(shortTrial());

        // a requeued job waits ~120 s (BeginTime) unless released; not within the second of the requeue:
        // slurmd revokes the old run's credential to the second and refuses a new one made in that second
        // ("Killing non-startable batch JobId=…: Job credential revoked", once in CI)
        var rest = TimeSpan.FromSeconds(2) - requeued.Elapsed;
        if (rest > TimeSpan.Zero) Thread.Sleep(rest);
        (code, said) = SlurmCluster.Run("scontrol", "update", $"jobid={task0}", "StartTime=now");
        Assert.True(code == 0, said);
        SlurmCluster.WaitUntil(() => SlurmCluster.States(array) is var s && s.Count == 2 && s.Values.All(SlurmCluster.HasEnded), Limit,
            () => $"the array to end: {string.Join(", ", SlurmCluster.States(array))}");
        WaitForEnd(report);

        // what task 0 said, before anything is asserted about it (a failure then shows why)
        log.WriteLine(File.ReadAllText(Path.Combine(results, $"slurm-{array}_0.out")));
        log.WriteLine(SlurmCluster.Run("scontrol", "show", "job", task0).Output);
        Assert.Equal(TrialStatus.Finished, StatusOf(longTrial()));
        Assert.Equal(1500 + 1, File.ReadAllLines(Path.Combine(longTrial(), "metrics.csv")).Length);
        Assert.Equal(before, Snapshot(shortTrial()));
        var taskLog = File.ReadAllText(Path.Combine(results, $"slurm-{array}_0.out"));
        Assert.Contains("Stopping after the current step", taskLog);
        Assert.Contains("episodes=1500 seed=1: interrupted after", taskLog);
        Assert.Contains("Done: 1 trials finished, 0 failed, 1 interrupted, 0 already done before.", taskLog);
        Assert.Contains("1 of 2 trials already done", taskLog);
        Assert.Contains("Done: 1 trials finished, 0 failed, 0 interrupted, 1 already done before.", taskLog);
        Assert.All(TrialDirectories.Of(results), d => Assert.Equal(TrialStatus.Finished, StatusOf(d)));
        Assert.Equal(4, TrialDirectories.Of(results).Length);
        // the report job ran after the requeued task: it counts every trial
        var reportTime = File.GetLastWriteTimeUtc(Path.Combine(results, "report.html"));
        Assert.All(TrialDirectories.Of(results), d => Assert.True(File.GetLastWriteTimeUtc(Path.Combine(d, "status.json")) <= reportTime));
    }

    [SlurmFact]
    public void Two_tasks_over_the_same_trials_never_run_the_same_trial()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", ShardCliTests.Grid12);
        var results = Path.Combine(temp.Path, "out");
        var runner = string.Join(' ', new[] { "dotnet", RunnerProcess.RunnerDll, "sweep", grid, "--out", results, "--shard", "0/1", "--jobs", "1", "--no-report" });
        var (code, said) = SlurmCluster.Run("sbatch", "--parsable", "--array=0-1", $"--output={temp.Path}/task-%a.out", "--wrap", runner);
        Assert.True(code == 0, said);
        var array = said.Trim().Split(';')[0];

        SlurmCluster.WaitUntil(() => SlurmCluster.States(array) is var s && s.Count == 2 && s.Values.All(SlurmCluster.HasEnded), Limit,
            () => string.Join(", ", SlurmCluster.States(array)));

        var finished = Enumerable.Range(0, 2).Select(t => ShardCliTests.FinishedTrials(File.ReadAllText(Path.Combine(temp.Path, $"task-{t}.out")))).ToArray();
        log.WriteLine($"task 0 ran {finished[0].Count} trials, task 1 ran {finished[1].Count}");
        Assert.Empty(finished[0].Intersect(finished[1]));
        Assert.Equal(12, finished[0].Count + finished[1].Count);
        Assert.Equal(12, TrialDirectories.Of(results).Count(d => StatusOf(d) == TrialStatus.Finished));
    }

    [SlurmFact]
    public async Task With_mlflow_the_parent_run_exists_at_submit_time_and_every_task_logs_its_trials_under_it()
    {
        await using var server = await Mlflow.FakeMlflowServer.StartAsync();
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", ShardCliTests.Grid12.Replace("seeds: 6", "seeds: 2"));
        var results = Path.Combine(temp.Path, "out");

        var submit = RunnerProcess.Run(temp.Path, "sweep", grid, "--slurm", "--slurm-tasks", "2", "--out", "out", "--tracking-uri", server.Url);

        Assert.True(submit.ExitCode == 0, submit.All);
        var (array, report) = JobIds(submit.Output);
        // made before any task could start: the sweep's id is already sweep.json's
        var parent = Assert.Single(server.RunsOf("tiny12"), r => r.Tag("dqnlab.sweep_id") is not null);
        Assert.Equal(SweepFile.Read(results)?.SweepId, parent.Tag("dqnlab.sweep_id"));
        WaitForEnd(report);
        var children = server.RunsOf("tiny12").Where(r => r.RunId != parent.RunId).ToList();
        Assert.Equal(4, children.Count);
        Assert.All(children, c => Assert.Equal(parent.RunId, c.Tag("mlflow.parentRunId")));
        // the report job's sync ended the parent and uploaded the report
        Assert.Equal("FINISHED", server.Run(parent.RunId)?.Status);
        Assert.Equal(File.ReadAllBytes(Path.Combine(results, "report.html")), server.ArtifactsOf(parent.RunId)["report.html"]);
        Assert.Equal(["COMPLETED", "COMPLETED"], Enumerable.Range(0, 2).Select(t => SlurmCluster.States(array).GetValueOrDefault($"{array}_{t}")));
    }

    private static (string Array, string Report) JobIds(string submitted)
    {
        var m = SubmittedLine().Match(submitted);
        Assert.True(m.Success, submitted);
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    private static void WaitForEnd(string job) =>
        SlurmCluster.WaitUntil(() => SlurmCluster.States(job).TryGetValue(job, out var s) && SlurmCluster.HasEnded(s), Limit,
            () => $"job {job}: {string.Join(", ", SlurmCluster.States(job))}");

    /// <summary>The folder of the trial whose id starts with <paramref name="prefix"/>, once it exists ("" before).</summary>
    private static Func<string> TrialFolder(string results, string prefix) => () =>
        Directory.Exists(results) ? Directory.GetDirectories(results, prefix + "-*").SingleOrDefault() ?? "" : "";

    private static int Rows(string csv)
    {
        try { return File.Exists(csv) ? File.ReadAllLines(csv).Length - 1 : 0; }
        catch (IOException) { return 0; }
    }

    private static TrialStatus? StatusOf(string trialDirectory) =>
        trialDirectory.Length > 0 && File.Exists(Path.Combine(trialDirectory, "status.json")) ? StatusFile.Read(trialDirectory)?.Status : null;

    /// <summary>Every file of a trial folder with its bytes (as text) and modification time.</summary>
    private static string Snapshot(string trialDirectory) =>
        string.Join("\n", Directory.GetFiles(trialDirectory).Order(StringComparer.Ordinal).Select(f =>
            $"{Path.GetFileName(f)} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));

    [GeneratedRegex(@"job array ([0-9]+) .* report job ([0-9]+)")]
    private static partial Regex SubmittedLine();
}
