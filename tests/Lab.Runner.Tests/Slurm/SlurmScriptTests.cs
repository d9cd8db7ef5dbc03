using System.Diagnostics;
using Lab.Agent;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Slurm;

/// <summary>
/// The sbatch script of `--slurm`, run by bash as Slurm would run one array task (no cluster needed; a
/// stand-in scontrol records what the script asks of it): its traps reach the runner working in the
/// background, and the time-limit warning requeues the task.
/// </summary>
public sealed class SlurmScriptTests
{
    private const string LongGrid = """
        name: long
        config:
          env: CartPole-v1
          episodes: 100000
          memory: 2000
          learning_starts: 64
          batch_size: 32
          network: {hidden: [16, 16]}
          evaluation: {every_episodes: 5, episodes: 5}
        seeds: 1
        """;

    [Theory]
    [InlineData("TERM", false)]
    [InlineData("USR1", true)]
    public async Task A_signal_to_the_batch_shell_alone_stops_the_runner_cleanly(string signal, bool requeues)
    {
        using var temp = new TempDirectory();
        var grid = temp.File("long.yaml", LongGrid);
        var dryRun = RunnerProcess.Run(temp.Path, "sweep", grid, "--slurm", "--dry-run", "--out", "out");
        Assert.True(dryRun.ExitCode == 0, dryRun.All);
        var script = temp.File("task.sbatch", dryRun.Output[..dryRun.Output.IndexOf("\n\n# --slurm writes", StringComparison.Ordinal)] + "\n");
        var calls = Path.Combine(temp.Path, "scontrol-calls");
        var fake = temp.File("bin/scontrol", $"#!/bin/sh\necho \"$@\" >> {calls}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var info = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["PATH"] = Path.Combine(temp.Path, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["SLURM_ARRAY_TASK_ID"] = "0";
        info.Environment["SLURM_ARRAY_JOB_ID"] = "98";
        info.Environment["SLURM_JOB_ID"] = "99";
        info.Environment["MLFLOW_TRACKING_URI"] = null;
        using var bash = Process.Start(info)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var error = bash.StandardError.ReadToEndAsync();
        var trial = () => Directory.Exists(Path.Combine(temp.Path, "out")) ? TrialDirectories.Of(Path.Combine(temp.Path, "out")).SingleOrDefault() : null;
        var clock = Stopwatch.StartNew();
        while (!(trial() is { } t && File.Exists(Path.Combine(t, "metrics.csv")) && File.ReadAllLines(Path.Combine(t, "metrics.csv")).Length > 10))
        {
            if (bash.HasExited) Assert.Fail("the task ended before it was signalled: " + await error);
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the trial did not get going");
            await Task.Delay(100);
        }

        using (var kill = Process.Start("kill", [$"-{signal}", bash.Id.ToString()])) kill.WaitForExit();
        Assert.True(bash.WaitForExit(TimeSpan.FromSeconds(60)), $"the task did not end after SIG{signal}");

        var log = await output + await error;
        Assert.Equal(130, bash.ExitCode);
        Assert.Contains("Stopping after the current step", log);
        Assert.Equal(TrialStatus.Interrupted, StatusFile.Read(trial()!)?.Status);
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "out", ".claims")));
        if (requeues) Assert.Equal("requeue 99\n", File.ReadAllText(calls));
        else Assert.False(File.Exists(calls), "a SIGTERM must not requeue (scancel means stop)");
    }
}
