using System.Text.RegularExpressions;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>Reruns never lose a finished result: a changed grid goes to a new folder, or is refused with the command that would do it; a finished train is not trained over.</summary>
public sealed class RerunTests
{
    private const string Grid = """
        name: tiny-grid
        config: {episodes: 3, memory: 2000, learning_starts: 32, batch_size: 16, network: {hidden: [8]}, evaluation: {every_episodes: 0, episodes: 2}}
        seeds: 2
        """;

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    [Fact]
    public void A_changed_grid_goes_to_a_new_folder_and_the_earlier_report_summary_and_sweep_file_stay()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid);
        Assert.Equal(0, RunnerProcess.Run(temp.Path, "sweep", grid).ExitCode);
        var first = Path.Combine(temp.Path, "results", "tiny-grid");
        var before = Snapshot(first);
        Assert.Contains("report.html", before.Keys);

        var changed = RunnerProcess.Run(temp.Path, "sweep", grid, "--set", "episodes=4");

        Assert.True(changed.ExitCode == 0, changed.All);
        Assert.Contains("results/tiny-grid holds finished trials of another version of this grid; they stay as they are, and this sweep goes to results/tiny-grid-2.", changed.Output);
        Assert.Equal(before, Snapshot(first));
        Assert.Equal(2, TrialDirectories.Of(Path.Combine(temp.Path, "results", "tiny-grid-2")).Length);

        // The same changed command again finds its own folder and resumes it; the original grid finds the first.
        var again = RunnerProcess.Run(temp.Path, "sweep", grid, "--set", "episodes=4");
        Assert.Contains("2 of 2 trials already done in results/tiny-grid-2", again.Output);
        var original = RunnerProcess.Run(temp.Path, "sweep", grid);
        Assert.Contains("2 of 2 trials already done in results/tiny-grid;", original.Output);

        // More seeds extend a folder: every finished trial there belongs to the grid.
        var more = RunnerProcess.Run(temp.Path, "sweep", grid, "--seeds", "3");
        Assert.Contains("2 of 3 trials already done in results/tiny-grid;", more.Output);
    }

    [Fact]
    public void A_changed_grid_into_an_explicit_folder_is_refused_with_the_command_that_keeps_both()
    {
        using var temp = new TempDirectory();
        var grid = temp.File("grid.yaml", Grid);
        Assert.Equal(0, RunnerProcess.Run(temp.Path, "sweep", grid, "--out", "out").ExitCode);
        var before = Snapshot(Path.Combine(temp.Path, "out"));

        var refused = RunnerProcess.Run(temp.Path, "sweep", grid, "--out", "out", "episodes=4", "--no-report");

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(before, Snapshot(Path.Combine(temp.Path, "out")));
        Assert.Contains("sweep: out holds 2 finished trials of another version of this grid", refused.Error);
        var command = Regex.Match(refused.Error, @"To keep both, sweep into a new folder: \./runner (.*)$", RegexOptions.Multiline);
        Assert.True(command.Success, refused.Error);
        Assert.Equal($"sweep {grid} --set episodes=4 --no-report --out out-2", command.Groups[1].Value);
        Assert.Contains("rm -r out", refused.Error);

        var suggested = RunnerProcess.Run(temp.Path, command.Groups[1].Value.Split(' '));
        Assert.True(suggested.ExitCode == 0, suggested.All);
        Assert.Equal(2, TrialDirectories.Of(Path.Combine(temp.Path, "out-2")).Length);
    }

    [Fact]
    public void Rerunning_train_keeps_the_finished_run_and_says_how_to_train_it_again()
    {
        using var temp = new TempDirectory();
        var config = temp.File("tiny.yaml", CliTests.TinyConfig.Replace("episodes: 20", "episodes: 4"));
        Assert.Equal(0, RunnerProcess.Run(temp.Path, "train", config, "--seed", "2").ExitCode);
        var results = Path.Combine(temp.Path, "results", "tiny");
        var before = Snapshot(results);
        var trial = Path.GetFileName(Assert.Single(TrialDirectories.Of(results)));

        var again = RunnerProcess.Run(temp.Path, "train", config, "--seed", "2");

        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal(before, Snapshot(results));
        Assert.Contains($"Already trained: results/tiny/{trial} (finished after 4 episodes, greedy mean ", again.Output);
        var command = Regex.Match(again.Output, @"To train it again beside it: \./runner (.*)$", RegexOptions.Multiline);
        Assert.Equal($"train {config} --seed 2 --out results/tiny-2", command.Groups[1].Value.Trim());

        var beside = RunnerProcess.Run(temp.Path, command.Groups[1].Value.Trim().Split(' '));
        Assert.True(beside.ExitCode == 0, beside.All);
        Assert.True(File.Exists(Path.Combine(temp.Path, "results", "tiny-2", trial, "status.json")));
        Assert.Equal(before, Snapshot(results));
    }
}
