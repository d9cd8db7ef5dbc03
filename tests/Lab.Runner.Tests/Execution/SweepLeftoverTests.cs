using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Execution;
using Lab.Runner.Progress;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Execution;

/// <summary>
/// What a kill or a full disk leaves behind, and how a sweep deals with it: leftovers tidied, a missing
/// plot drawn, a cut trial run again, and no trial launched once the results folder cannot be written.
/// </summary>
public sealed class SweepLeftoverTests : IDisposable
{
    private const string Grid = """
        name: leftovers
        config:
          episodes: 6
          memory: 500
          learning_starts: 10
          batch_size: 8
          network: {hidden: [8]}
          evaluation: {every_episodes: 3, episodes: 2}
        seeds: 3
        """;

    private readonly TempDirectory _temp = new();
    private readonly StringWriter _output = new();

    public void Dispose() => _temp.Dispose();

    private string Results => Path.Combine(_temp.Path, "out");

    private GridPlan Plan() => GridLoader.Load(_temp.File("grid.yaml", Grid));

    private SweepSummary Sweep(GridPlan plan, Func<TrialPlan, ITrialSink?>? extra = null)
    {
        using var held = SweepLock.Acquire(Results);
        SweepRunner.WriteSweepFile(plan, Results);
        return SweepRunner.Run(plan, Results, 1, PlainConsole.Create(_output), quiet: true, extra, CancellationToken.None);
    }

    private string TrialOf(GridPlan plan, int index) => TrialFiles.TrialDirectory(Results, plan.Trials[index].Trial.TrialId);

    [Fact]
    public void A_resumed_sweep_draws_the_plot_that_a_kill_between_status_and_plot_left_out()
    {
        var plan = Plan();
        Sweep(plan);
        var trial = TrialOf(plan, 1);
        var plot = File.ReadAllText(TrialFiles.PlotPath(trial));
        File.Delete(TrialFiles.PlotPath(trial));

        var again = Sweep(plan);

        Assert.Equal(3, again.AlreadyDone);
        Assert.Equal(plot, File.ReadAllText(TrialFiles.PlotPath(trial)));
    }

    [Fact]
    public void A_resumed_sweep_deletes_the_temporary_files_of_writes_a_kill_cut_short_and_nothing_else()
    {
        var plan = Plan();
        Sweep(plan);
        var trial = TrialOf(plan, 0);
        var leftovers = new[]
        {
            Path.Combine(Results, ".sweep.json.4242.0123456789abcdef0123456789abcdef.tmp"),
            Path.Combine(trial, ".plot.svg.4242.0123456789abcdef0123456789abcdef.tmp"),
            Path.Combine(trial, ".model.dqn.77.fedcba9876543210fedcba9876543210.tmp"),
        };
        foreach (var file in leftovers) File.WriteAllText(file, "half a file");
        var notOurs = _temp.File("out/.notes.tmp", "a user's file");

        Sweep(plan);

        Assert.All(leftovers, file => Assert.False(File.Exists(file), file));
        Assert.True(File.Exists(notOurs));
    }

    [Fact]
    public void A_finished_trial_whose_last_metrics_row_was_cut_is_damaged_and_a_resumed_sweep_runs_it_again()
    {
        var plan = Plan();
        Sweep(plan);
        var trial = TrialOf(plan, 2);
        var metrics = Path.Combine(trial, ResultsLayout.MetricsFile);
        var whole = File.ReadAllBytes(metrics);
        FileCuts.CutLastLineInHalf(metrics);

        var read = ResultsReader.ReadTrial(trial);
        Assert.Equal(TrialState.Unreadable, read.State);
        Assert.Contains("metrics.csv holds 5 whole episodes where status.json counts 6: the file was cut", read.Problem);

        var again = Sweep(plan);

        Assert.Equal((2, 1), (again.AlreadyDone, again.Succeeded));
        Assert.Equal(whole, File.ReadAllBytes(metrics));
    }

    [Fact]
    public void After_a_disk_full_error_no_further_trial_is_launched_and_the_counts_match_the_report()
    {
        var plan = Plan();
        var launched = 0;

        var summary = Sweep(plan, _ =>
        {
            launched++;
            return new FullDisk();
        });

        Assert.Equal(1, launched);
        Assert.StartsWith($"cannot write {TrialOf(plan, 0)}: No space left on device", summary.StorageFailure);
        Assert.Equal((0, 1, 0, 0, 2), (summary.Succeeded, summary.Failed, summary.Interrupted, summary.Incomplete, summary.NotStarted));
        var folder = ResultsReader.Read(Results);
        Assert.Equal(1, folder.Trials.Count(t => t.State == TrialState.Failed));
        Assert.Equal(2, folder.NotStarted);
    }

    [Fact]
    public void Only_errors_that_the_next_trial_would_meet_too_stop_a_sweep()
    {
        Assert.NotNull(TrialRunner.StorageFailure(new IOException("No space left on device", 28), "t"));
        Assert.NotNull(TrialRunner.StorageFailure(new IOException("Disk quota exceeded", 122), "t"));
        Assert.NotNull(TrialRunner.StorageFailure(new IOException("Read-only file system", 30), "t"));
        Assert.NotNull(TrialRunner.StorageFailure(new UnauthorizedAccessException("Access to the path is denied"), "t"));
        Assert.Null(TrialRunner.StorageFailure(new IOException("Not a directory", 20), "t"));
        Assert.Null(TrialRunner.StorageFailure(new InvalidOperationException("a bug"), "t"));
    }

    /// <summary>A sink whose first write meets a full disk, as a trial's first file would.</summary>
    private sealed class FullDisk : ITrialSink
    {
        public void OnStarted(TrialInfo trial) => throw new IOException("No space left on device : 'metrics.csv'", 28);
        public void OnEpisode(TrialInfo trial, EpisodeRecord episode) { }
        public void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation) { }
        public void OnFinished(TrialInfo trial, TrialOutcome outcome) { }
    }
}
