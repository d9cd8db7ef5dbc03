using Lab.Agent;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Store;

/// <summary>
/// trial.json, status.json and eval.csv, each through its one codec: what is written is read back, the
/// text is what a person reading the file sees, and a hand-written or damaged file is read as documented.
/// </summary>
public sealed class TrialCodecTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly EvaluationRecord Evaluation = new(40, 5123, 10, 500, 487.5, 12.25, 450, 500, 500, 0.7, 1_700_000_000_123);

    [Fact]
    public void Trial_json_holds_the_trial_as_snake_case_fields_with_params_sorted_and_reads_back()
    {
        var trial = new TrialInfo("bs32-r0", "batch-size", "batch_size=32", 0, 7,
            new Dictionary<string, string> { ["memory"] = "2000", ["batch_size"] = "32" });

        TrialFile.Write(_temp.Path, trial);
        var text = File.ReadAllText(Path.Combine(_temp.Path, "trial.json"));
        var back = TrialFile.Read(_temp.Path)!;

        Assert.Contains("\"trial_id\": \"bs32-r0\"", text);
        Assert.Contains("\"seed\": 7", text);
        Assert.True(text.IndexOf("\"batch_size\"", StringComparison.Ordinal) < text.IndexOf("\"memory\"", StringComparison.Ordinal));
        Assert.EndsWith("}\n", text);
        Assert.Equal((trial.TrialId, trial.Experiment, trial.ConfigLabel, trial.Replicate, trial.Seed),
            (back.TrialId, back.Experiment, back.ConfigLabel, back.Replicate, back.Seed));
        Assert.Equal(trial.Params.OrderBy(p => p.Key), back.Params.OrderBy(p => p.Key));
    }

    [Fact]
    public void A_hand_written_trial_json_without_an_id_takes_the_folder_name_and_numbers_in_params_are_their_text()
    {
        var folder = Path.Combine(_temp.Path, "my-trial");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "trial.json"), """{"trial_id": " ", "seed": "3", "params": {"gamma": 0.99}}""");

        var trial = TrialFile.Read(folder)!;

        Assert.Equal("my-trial", trial.TrialId);
        Assert.Equal(3, trial.Seed);
        Assert.Equal("0.99", trial.Params["gamma"]);
        Assert.Null(TrialFile.Read(_temp.Path));
    }

    [Theory]
    [InlineData(TrialStatus.Finished, "finished")]
    [InlineData(TrialStatus.StoppedEarly, "stopped_early")]
    [InlineData(TrialStatus.Failed, "failed")]
    [InlineData(TrialStatus.Interrupted, "interrupted")]
    public void Status_json_names_every_status_and_reads_it_back_with_every_field(TrialStatus status, string name)
    {
        var outcome = new TrialOutcome(status, status == TrialStatus.Finished ? null : "why", 41, 5200, 1.23456, Evaluation, 1_700_000_000_999)
        {
            Retryable = status == TrialStatus.Failed,
        };

        StatusFile.Write(_temp.Path, outcome);
        var text = File.ReadAllText(Path.Combine(_temp.Path, "status.json"));
        var back = StatusFile.Read(_temp.Path)!;

        Assert.Contains($"\"status\": \"{name}\"", text);
        Assert.Contains("\"wall_seconds\": 1.235", text);
        Assert.Equal(outcome with { WallSeconds = 1.235 }, back);
        Assert.Equal(outcome.Retryable, back.Retryable);
    }

    [Fact]
    public void A_diverged_evaluation_with_nan_figures_survives_the_round_trip()
    {
        var nan = Evaluation with { Mean = double.NaN, Std = double.PositiveInfinity };
        StatusFile.Write(_temp.Path, new TrialOutcome(TrialStatus.Failed, "diverged", 3, 30, 0, nan, 1));

        var back = StatusFile.Read(_temp.Path)!.FinalEvaluation!;

        Assert.True(double.IsNaN(back.Mean));
        Assert.Equal(double.PositiveInfinity, back.Std);
    }

    [Fact]
    public void A_status_json_with_an_unknown_status_is_an_error_that_quotes_it()
    {
        File.WriteAllText(Path.Combine(_temp.Path, "status.json"), """{"status": "done"}""");

        var error = Assert.Throws<FormatException>(() => StatusFile.Read(_temp.Path));

        Assert.Contains("\"done\"", error.Message);
    }

    [Fact]
    public void A_minimal_hand_written_status_json_reads_with_defaults_and_no_evaluation_without_a_mean()
    {
        File.WriteAllText(Path.Combine(_temp.Path, "status.json"),
            """{"Status": "Stopped-Early", "episodes": "12", "unix_time_ms": 5, "final_evaluation": {"episodes": 10}}""");

        var back = StatusFile.Read(_temp.Path)!;

        Assert.Equal(TrialStatus.StoppedEarly, back.Status);
        Assert.Equal(12, back.Episodes);
        Assert.Equal(5, back.UnixTimeMs);
        Assert.Null(back.FinalEvaluation);
        Assert.Null(back.Reason);
        Assert.False(back.Retryable);
        Assert.Null(StatusFile.Read(Path.Combine(_temp.Path, "elsewhere")));
    }

    [Fact]
    public void An_eval_csv_row_is_the_record_in_header_order_with_round_trip_doubles()
    {
        Assert.Equal("40,5123,10,500,487.5,12.25,450,500,500,0.7,1700000000123", EvaluationFile.Row(Evaluation));
        Assert.Equal("0,0,1,500,0.1,NaN,-Infinity,0,0,0,0",
            EvaluationFile.Row(new EvaluationRecord(0, 0, 1, 500, 0.1, double.NaN, double.NegativeInfinity, 0, 0, 0, 0)));
    }

    [Fact]
    public void Eval_csv_reads_back_what_its_rows_say_and_nothing_of_a_row_being_written()
    {
        var header = "episode,env_steps,episodes,max_steps,mean,std,min,max,median,cap_share,unix_time_ms";
        File.WriteAllText(Path.Combine(_temp.Path, "eval.csv"), $"{header}\n{EvaluationFile.Row(Evaluation)}\n40,51");

        var rows = EvaluationFile.Read(_temp.Path);

        Assert.Equal([Evaluation], rows);
        Assert.Empty(EvaluationFile.Read(Path.Combine(_temp.Path, "elsewhere")));
    }
}
