using Lab.Agent;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Mlflow;

/// <summary>Reading a trial folder in the documented results-store format.</summary>
public sealed class TrialFolderReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Given_a_finished_trial_folder_then_it_reads_back_the_records_the_trainer_emitted()
    {
        var trial = SyntheticTrial.Make("reader", 64, 1, 25, status: TrialStatus.StoppedEarly);
        var directory = trial.Write(_temp.Path);

        var folder = TrialFolderReader.Read(directory);

        Assert.Equal(trial.Info.TrialId, folder.Info.TrialId);
        Assert.Equal(trial.Info.Params.OrderBy(p => p.Key), folder.Info.Params.OrderBy(p => p.Key));
        Assert.Equal(trial.Episodes.Select(e => e with { StepsPerSecond = Math.Round(e.StepsPerSecond, 1) }), folder.Episodes);
        Assert.Equal(trial.Evaluations, folder.Evaluations);
        Assert.Equal(trial.Outcome, folder.Outcome);
    }

    [Fact]
    public void Given_rows_still_being_written_then_only_complete_rows_are_read()
    {
        var trial = SyntheticTrial.Make("reader", 64, 1, 12, status: null);
        var directory = trial.Write(_temp.Path);
        // the trainer wrote episode 12 to metrics.csv but not yet to timing.csv, and half of a 13th row
        File.AppendAllText(Path.Combine(directory, "metrics.csv"), "12,999,1.5,1.5,10,1,0.5,0.1,0.2,5\n13,1010,1.");
        File.AppendAllText(Path.Combine(directory, "eval.csv"), "11,500,10,500,1");

        var folder = TrialFolderReader.Read(directory);

        Assert.Equal(12, folder.Episodes.Count);
        Assert.Equal(trial.Evaluations.Count, folder.Evaluations.Count);
        Assert.Null(folder.Outcome);
        Assert.Equal(11, folder.Episodes[^1].Episode);
    }
}
