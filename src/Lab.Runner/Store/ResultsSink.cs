using System.Globalization;
using System.Text.Json;
using System.Text;
using Lab.Agent;
using Lab.Runner.Execution;

namespace Lab.Runner.Store;

/// <summary>
/// Writes a trial's events into its folder of the results store. CSV rows are appended and flushed one
/// by one, so a crash loses at most the row being written; deterministic figures (metrics.csv, eval.csv
/// without its last column) are kept apart from wall-clock ones (timing.csv).
/// </summary>
public sealed class ResultsSink(string trialDirectory) : ITrialSink, IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private StreamWriter? _metrics;
    private StreamWriter? _timing;
    private StreamWriter? _evaluations;

    public string TrialDirectory { get; } = trialDirectory;

    public void OnStarted(TrialInfo trial)
    {
        Directory.CreateDirectory(TrialDirectory);
        AtomicFile.WriteAllText(Path.Combine(TrialDirectory, ResultsLayout.TrialFile), TrialJson(trial));
        _metrics = Open(ResultsLayout.MetricsFile, ResultsLayout.MetricsHeader);
        _timing = Open(ResultsLayout.TimingFile, ResultsLayout.TimingHeader);
        _evaluations = Open(ResultsLayout.EvaluationFile, ResultsLayout.EvaluationHeader);
    }

    public void OnEpisode(TrialInfo trial, EpisodeRecord e)
    {
        WriteRow(_metrics, $"{e.Episode},{e.EnvSteps},{F(e.Return)},{F(e.ShapedReturn)},{e.Length}," +
                           $"{(e.Terminated ? 1 : 0)},{F(e.Epsilon)},{F(e.TdLoss)},{F(e.MeanMaxQ)},{e.Updates}");
        WriteRow(_timing, $"{e.Episode},{e.UnixTimeMs},{Math.Round(e.StepsPerSecond, 1).ToString(CultureInfo.InvariantCulture)}");
    }

    public void OnEvaluation(TrialInfo trial, EvaluationRecord e) =>
        WriteRow(_evaluations, $"{e.Episode},{e.EnvSteps},{e.Episodes},{e.MaxSteps},{F(e.Mean)},{F(e.Std)}," +
                               $"{F(e.Min)},{F(e.Max)},{F(e.Median)},{F(e.CapShare)},{e.UnixTimeMs}");

    public void OnFinished(TrialInfo trial, TrialOutcome outcome)
    {
        Dispose();
        StatusFile.Write(TrialDirectory, outcome);
    }

    /// <summary>Closes the CSVs, flushed to the disk itself, so that status.json never outlives their tails.</summary>
    public void Dispose()
    {
        StreamWriter?[] writers = [_metrics, _timing, _evaluations];
        _metrics = _timing = _evaluations = null;
        foreach (var writer in writers)
        {
            if (writer is null) continue;
            try
            {
                writer.Flush();
                (writer.BaseStream as FileStream)?.Flush(flushToDisk: true);
            }
            finally
            {
                writer.Dispose();
            }
        }
    }

    /// <summary>Round-trip formatting, invariant culture: the same double always prints the same text.</summary>
    public static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string TrialJson(TrialInfo trial) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["trial_id"] = trial.TrialId,
        ["experiment"] = trial.Experiment,
        ["config_label"] = trial.ConfigLabel,
        ["replicate"] = trial.Replicate,
        ["seed"] = trial.Seed,
        ["params"] = new SortedDictionary<string, string>(trial.Params.ToDictionary(), StringComparer.Ordinal),
    }, new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private StreamWriter Open(string name, string header)
    {
        var writer = new StreamWriter(Path.Combine(TrialDirectory, name), append: false, Utf8) { NewLine = "\n" };
        writer.WriteLine(header);
        writer.Flush();
        return writer;
    }

    private static void WriteRow(StreamWriter? writer, string row)
    {
        if (writer is null) return;
        writer.WriteLine(row);
        writer.Flush();
    }
}
