using System.Text;
using Lab.Agent;

namespace Lab.Runner.Store;

/// <summary>
/// The writer of a trial folder: trial.json when the trial starts, a metrics.csv and a timing.csv row per
/// episode, an eval.csv row per evaluation, and status.json when it ends, each through its file's codec.
/// CSV rows are appended and flushed one by one, so a crash loses at most the row being written;
/// deterministic figures (metrics.csv, eval.csv without its last column) are kept apart from wall-clock
/// ones (timing.csv).
/// </summary>
internal sealed class TrialWriter(string trialDirectory) : ITrialSink, IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private StreamWriter? _metrics;
    private StreamWriter? _timing;
    private StreamWriter? _evaluations;

    public void OnStarted(TrialInfo trial)
    {
        Directory.CreateDirectory(trialDirectory);
        TrialFile.Write(trialDirectory, trial);
        _metrics = Open(ResultsLayout.MetricsFile, ResultsLayout.MetricsHeader);
        _timing = Open(ResultsLayout.TimingFile, ResultsLayout.TimingHeader);
        _evaluations = Open(ResultsLayout.EvaluationFile, ResultsLayout.EvaluationHeader);
    }

    public void OnEpisode(TrialInfo trial, EpisodeRecord episode)
    {
        WriteRow(_metrics, EpisodeFiles.MetricsRow(episode));
        WriteRow(_timing, EpisodeFiles.TimingRow(episode));
    }

    public void OnEvaluation(TrialInfo trial, EvaluationRecord evaluation) => WriteRow(_evaluations, EvaluationFile.Row(evaluation));

    /// <summary>Closes the CSVs, then writes status.json: the trial is done once it exists.</summary>
    public void OnFinished(TrialInfo trial, TrialOutcome outcome)
    {
        Dispose();
        StatusFile.Write(trialDirectory, outcome);
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

    private StreamWriter Open(string name, string header)
    {
        var writer = new StreamWriter(Path.Combine(trialDirectory, name), append: false, Utf8) { NewLine = "\n" };
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
