using System.Diagnostics;
using Lab.Agent;
using Lab.Neural;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>
/// SIGTERM (`timeout`, Slurm, Kubernetes) and SIGHUP (a closed terminal) stop a real `runner` process as
/// Ctrl+C (SIGINT) does: running trials end as "interrupted" with every file whole, the trials not yet
/// started stay so, and the exit code and message are Ctrl+C's.
/// </summary>
public sealed class StopSignalTests
{
    /// <summary>Three trials that would run for hours; two run at once.</summary>
    private const string LongGrid = """
        name: long
        config:
          episodes: 100000
          memory: 2000
          learning_starts: 64
          batch_size: 32
          network: {hidden: [16, 16]}
          evaluation: {every_episodes: 5, episodes: 5}
        seeds: 3
        """;

    [Theory]
    [InlineData("TERM")]
    [InlineData("HUP")]
    [InlineData("INT")]
    public async Task A_signal_to_a_sweep_marks_its_running_trials_interrupted_with_every_file_whole(string signal)
    {
        using var temp = new TempDirectory();
        var grid = temp.File("long.yaml", LongGrid);
        var results = Path.Combine(temp.Path, "out");

        using var process = RunnerProcess.Start(temp.Path, null, "sweep", grid, "--jobs", "2", "--out", "out", "--no-report");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await WaitFor(() => TrialFolders(results).Count(d => Rows(Path.Combine(d, "metrics.csv")) >= 5) == 2, process);
        Send(signal, process);
        StopsWithinAMinute(signal, process);
        var (stdout, stderr) = (await output, await error);

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("Stopping after the current step", stderr);
        Assert.Contains("Done: 0 trials finished, 0 failed, 2 interrupted, 1 not started", stdout);
        Assert.Contains("Interrupted: run the same command again to finish the missing trials.", stdout);
        var trials = TrialFolders(results);
        Assert.Equal(2, trials.Length);
        foreach (var trial in trials)
        {
            Assert.Equal(TrialStatus.Interrupted, StatusFile.Read(trial)?.Status);
            foreach (var csv in new[] { "metrics.csv", "timing.csv", "eval.csv" }) AssertWhole(Path.Combine(trial, csv));
            var model = QNetwork.Load(Path.Combine(trial, "model.dqn"), 1);
            Assert.All(model.Parameters, w => Assert.True(float.IsFinite(w)));
        }
        Assert.Empty(Directory.GetFiles(results, "*.tmp", SearchOption.AllDirectories));

        // The report reads the folder as the console counted it.
        var folder = ResultsReader.Read(results);
        Assert.Equal(2, folder.Trials.Count(t => t.State == TrialState.Interrupted));
        Assert.Equal(1, folder.NotStarted);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("HUP")]
    [InlineData("INT")]
    public async Task A_signal_to_train_ends_it_as_Ctrl_C_does(string signal)
    {
        using var temp = new TempDirectory();
        var config = temp.File("long.yaml", CliTests.TinyConfig.Replace("episodes: 20", "episodes: 100000"));
        var results = Path.Combine(temp.Path, "results", "tiny");

        using var process = RunnerProcess.Start(temp.Path, null, "train", config);
        var output = process.StandardOutput.ReadToEndAsync();
        await WaitFor(() => TrialFolders(results).Any(d => Rows(Path.Combine(d, "metrics.csv")) >= 20), process);
        Send(signal, process);
        StopsWithinAMinute(signal, process);
        var stdout = await output;

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("Interrupted: run the same command again", stdout);
        var trial = Assert.Single(TrialFolders(results));
        Assert.Equal(TrialStatus.Interrupted, StatusFile.Read(trial)?.Status);
        AssertWhole(Path.Combine(trial, "metrics.csv"));
        Assert.True(Rows(Path.Combine(trial, "metrics.csv")) >= 20);
        Assert.True(File.Exists(Path.Combine(trial, "model.dqn")));
        Assert.True(File.Exists(Path.Combine(trial, "plot.svg")));
    }

    /// <summary>Every line ends with its newline and has as many fields as the header.</summary>
    private static void AssertWhole(string csv)
    {
        var text = File.ReadAllText(csv);
        Assert.EndsWith("\n", text);
        var lines = text.TrimEnd('\n').Split('\n');
        var fields = lines[0].Split(',').Length;
        Assert.All(lines, line => Assert.Equal(fields, line.Split(',').Length));
    }

    /// <summary>Fails when the runner is still running a minute after the signal, and then kills it: a failed run leaves no trial training on.</summary>
    private static void StopsWithinAMinute(string signal, Process process)
    {
        if (process.WaitForExit(TimeSpan.FromSeconds(60))) return;
        process.Kill(entireProcessTree: true);
        Assert.Fail($"runner did not stop after SIG{signal}");
    }

    private static void Send(string signal, Process process)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString()]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task WaitFor(Func<bool> condition, Process process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            Assert.False(process.HasExited, "runner ended before the signal was sent");
            Assert.True(DateTime.UtcNow < deadline, "the trials did not start within 2 minutes");
            await Task.Delay(20);
        }
    }

    private static string[] TrialFolders(string results) =>
        Directory.Exists(results) ? Directory.GetDirectories(results) : [];

    private static int Rows(string csv)
    {
        if (!File.Exists(csv)) return 0;
        using var stream = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is not null) count++;
        return count - 1;
    }
}
