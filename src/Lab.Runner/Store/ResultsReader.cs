using Lab.Agent;

namespace Lab.Runner.Store;

/// <summary>
/// The reader of the results store (docs/ARCHITECTURE.md, "The results store"): a results folder, or one
/// trial folder, through the codecs of its files. It never writes and never throws for a broken trial: a
/// trial whose files cannot be read is returned as <see cref="TrialState.Unreadable"/> with the reason.
/// </summary>
internal static class ResultsReader
{
    /// <summary>
    /// Whether <paramref name="directory"/> is a trial folder: it holds trial.json, status.json or
    /// metrics.csv. Hidden folders (".name") are never trials.
    /// </summary>
    public static bool IsTrialFolder(string directory) =>
        !Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)).StartsWith('.')
        && (File.Exists(Path.Combine(directory, ResultsLayout.TrialFile))
            || File.Exists(Path.Combine(directory, ResultsLayout.StatusFile))
            || File.Exists(Path.Combine(directory, ResultsLayout.MetricsFile)));

    /// <summary>The trial folders directly under <paramref name="resultsDirectory"/>, ordered by name.</summary>
    public static List<string> TrialFolders(string resultsDirectory) =>
        [.. Directory.GetDirectories(resultsDirectory).Where(IsTrialFolder).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)];

    /// <summary>
    /// Reads sweep.json and every trial folder directly under <paramref name="resultsDirectory"/>. When sweep.json
    /// lists its trial ids, only the folders of those names are <see cref="ResultsFolder.Trials"/>; any other trial folder
    /// (left over from an earlier version of the grid written to the same folder) goes to
    /// <see cref="ResultsFolder.Ignored"/>. Without sweep.json (a folder of `runner train` runs) every trial counts.
    /// A broken sweep.json costs the title, question and trial list, not the report.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ResultsFolder Read(string resultsDirectory)
    {
        if (!Directory.Exists(resultsDirectory)) throw new DirectoryNotFoundException($"no folder {resultsDirectory}");
        SweepFile? sweep;
        string? sweepProblem = null;
        try
        {
            sweep = SweepFile.Read(resultsDirectory);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            (sweep, sweepProblem) = (null, ex.Message);
        }
        var trials = new List<TrialResult>();
        var ignored = new List<TrialResult>();
        foreach (var directory in TrialFolders(resultsDirectory))
        {
            var trial = ReadTrial(directory);
            if (sweep is null || sweep.Includes(directory))
                trials.Add(trial);
            else
                ignored.Add(trial);
        }
        var name = sweep?.Name
                   ?? trials.Concat(ignored).Select(t => t.Experiment).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))
                   ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(resultsDirectory)));
        return new ResultsFolder(resultsDirectory, name, sweep?.Question, trials, SweepLock.IsHeld(resultsDirectory), sweep?.Trials ?? [])
        {
            Ignored = ignored,
            SweepProblem = sweepProblem,
        };
    }

    /// <summary>Reads one trial folder: trial.json, metrics.csv with timing.csv, eval.csv, status.json.</summary>
    public static TrialResult ReadTrial(string trialDirectory)
    {
        var trial = new TrialResult(trialDirectory,
            new TrialInfo(TrialFile.FolderName(trialDirectory), "", "", 0, 0, new SortedDictionary<string, string>(StringComparer.Ordinal)),
            [], [], null) { Identified = false };
        try
        {
            if (TrialFile.Read(trialDirectory) is { } info)
                trial = trial with { Info = info, Identified = true, StartTimeMs = TrialFile.StartTimeMs(trialDirectory) };
            trial = trial with { Episodes = EpisodeFiles.Read(trialDirectory), Evaluations = EvaluationFile.Read(trialDirectory) };
            trial = trial with { Outcome = StatusFile.Read(trialDirectory) };
            // An ended trial closed its CSVs whole before status.json: fewer rows than episodes means a cut file.
            if (trial.Outcome is { } outcome && trial.Episodes.Count < outcome.Episodes)
                return trial with
                {
                    Problem = $"{ResultsLayout.MetricsFile} holds {trial.Episodes.Count} whole episodes where {ResultsLayout.StatusFile} " +
                              $"counts {outcome.Episodes}: the file was cut (a crash or a full disk?); run the trial again",
                };
            return trial;
        }
        catch (FormatException e)
        {
            return trial with { Problem = e.Message };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return trial with { Problem = $"cannot read {trialDirectory}: {e.Message}" };
        }
    }
}
