using Lab.Agent;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Store;

/// <summary>The Store reads back what its writer wrote: the trainer's records, whole rows only.</summary>
public sealed class ResultsReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Given_a_finished_trial_folder_then_it_reads_back_the_records_the_trainer_emitted()
    {
        var trial = SyntheticTrial.Make("reader", 64, 1, 25, status: TrialStatus.StoppedEarly);
        var directory = trial.Write(_temp.Path);

        var read = ResultsReader.ReadTrial(directory);

        Assert.True(read.Identified);
        Assert.Null(read.Problem);
        Assert.Equal(trial.Info.TrialId, read.Info.TrialId);
        Assert.Equal(trial.Info with { Params = read.Info.Params }, read.Info);
        Assert.Equal(trial.Info.Params.OrderBy(p => p.Key), read.Info.Params.OrderBy(p => p.Key));
        // timing.csv keeps one decimal of steps per second
        Assert.Equal(trial.Episodes.Select(e => e with { StepsPerSecond = Math.Round(e.StepsPerSecond, 1) }), read.Episodes);
        Assert.Equal(trial.Evaluations, read.Evaluations);
        Assert.Equal(trial.Outcome, read.Outcome);
        Assert.Equal(TrialState.StoppedEarly, read.State);
    }

    [Fact]
    public void Taken_q_is_the_metrics_column_after_td_loss_printed_round_trip()
    {
        var episode = new EpisodeRecord(7, 420, 21, -80, 21, true, 0.5, 0.125, -2.75, 1.0 / 3, 96, 1000, SyntheticTrial.T0);

        Assert.Equal("episode,env_steps,return,shaped_return,length,terminated,epsilon,td_loss,taken_q,mean_max_q,updates",
            ResultsLayout.MetricsHeader);
        Assert.Equal("7,420,21,-80,21,1,0.5,0.125,-2.75,0.3333333333333333,96", EpisodeFiles.MetricsRow(episode));
        Assert.Equal("8,420,21,-80,21,1,0.5,NaN,NaN,0.3333333333333333,0",
            EpisodeFiles.MetricsRow(episode with { Episode = 8, TdLoss = double.NaN, TakenQ = double.NaN, Updates = 0 }));
    }

    [Fact]
    public void Given_a_metrics_csv_written_before_taken_q_existed_then_it_reads_with_taken_q_not_a_number()
    {
        Directory.CreateDirectory(_temp.Path);
        File.WriteAllText(Path.Combine(_temp.Path, ResultsLayout.MetricsFile),
            "episode,env_steps,return,shaped_return,length,terminated,epsilon,td_loss,mean_max_q,updates\n" +
            "0,21,21,-80,21,1,1,NaN,0.08,0\n" +
            "1,60,39,-62,39,1,0.9,0.5,1.25,12\n");
        File.WriteAllText(Path.Combine(_temp.Path, ResultsLayout.TimingFile), "episode,unix_time_ms,steps_per_second\n0,1000,21\n1,2000,39\n");

        var episodes = EpisodeFiles.Read(_temp.Path);

        Assert.Equal([new EpisodeRecord(0, 21, 21, -80, 21, true, 1, double.NaN, double.NaN, 0.08, 0, 21, 1000),
            new EpisodeRecord(1, 60, 39, -62, 39, true, 0.9, 0.5, double.NaN, 1.25, 12, 39, 2000)], episodes);
    }

    [Fact]
    public void Given_a_retryable_failure_then_status_json_reads_back_as_retryable()
    {
        var outcome = new TrialOutcome(TrialStatus.Failed, "error: IOException: disk full", 3, 120, 1.5, null, SyntheticTrial.T0) { Retryable = true };
        Directory.CreateDirectory(_temp.Path);

        StatusFile.Write(_temp.Path, outcome);

        Assert.Equal(outcome, StatusFile.Read(_temp.Path));
    }

    [Fact]
    public void Given_rows_still_being_written_then_only_complete_rows_are_read()
    {
        var trial = SyntheticTrial.Make("reader", 64, 1, 14, status: null);
        var directory = trial.Write(_temp.Path);
        // the trainer has written episodes 0..12 to metrics.csv but only 0..11 to timing.csv, and half of episode 13's row;
        // and it was writing the second evaluation's row
        FileCuts.KeepLines(Path.Combine(directory, "timing.csv"), 1 + 12);
        FileCuts.CutLastLineInHalf(Path.Combine(directory, "metrics.csv"));
        FileCuts.CutLastLineInHalf(Path.Combine(directory, "eval.csv"));

        var read = ResultsReader.ReadTrial(directory);

        Assert.Equal(12, read.Episodes.Count);
        Assert.Equal(11, read.Episodes[^1].Episode);
        Assert.Equal(trial.Evaluations.Count - 1, read.Evaluations.Count);
        Assert.Null(read.Outcome);
        Assert.Equal(TrialState.Incomplete, read.State);
    }

    [Fact]
    public void Given_a_status_json_cut_short_then_the_trial_is_unreadable_with_the_reason()
    {
        var directory = SyntheticTrial.Make("reader", 64, 1, 5).Write(_temp.Path);
        FileCuts.KeepHalf(Path.Combine(directory, "status.json"));

        var read = ResultsReader.ReadTrial(directory);

        Assert.Equal(TrialState.Unreadable, read.State);
        Assert.Contains("status.json: not valid JSON", read.Reason);
    }

    [Fact]
    public void A_trial_folder_is_one_with_trial_json_status_json_or_metrics_csv_and_never_a_hidden_one()
    {
        var directory = SyntheticTrial.Make("reader", 64, 1, 5).Write(_temp.Path);
        var hidden = SyntheticTrial.Make("reader", 64, 2, 5).WriteInto(Path.Combine(_temp.Path, ".hidden"));
        Directory.CreateDirectory(Path.Combine(_temp.Path, "empty"));

        Assert.True(ResultsReader.IsTrialFolder(directory));
        Assert.False(ResultsReader.IsTrialFolder(hidden));
        Assert.Equal([directory], ResultsReader.TrialFolders(_temp.Path));
    }

    [Fact]
    public void Given_sweep_json_then_it_reads_back_as_written_and_lists_its_trial_folders()
    {
        var sweep = new SweepFile("s1", "batch-size", null, "experiments/batch-size.yaml", "name: batch-size\n", null, ["a-r0", "a-r1"]);

        sweep.Write(_temp.Path);
        var read = SweepFile.Read(_temp.Path)!;

        Assert.Equal(sweep.Trials, read.Trials);
        Assert.Equal(sweep with { Trials = read.Trials }, read);
        Assert.True(read.Includes(Path.Combine(_temp.Path, "a-r1")));
        Assert.False(read.Includes(Path.Combine(_temp.Path, "a-r2")));
        Assert.True(read.Plans(["a-r0", "a-r1"]));
    }
}
