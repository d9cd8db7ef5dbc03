using System.Text.Json;
using Lab.Agent;
using Lab.Runner.Config;

namespace Lab.Runner.Store;

/// <summary>
/// Reads a results folder in the layout of docs/ARCHITECTURE.md ("The results store"). It never
/// writes and never throws for a broken trial: a trial whose files cannot be read is returned as
/// <see cref="TrialState.Unreadable"/> with the reason.
/// </summary>
public static class ResultsReader
{
    /// <summary>
    /// Whether <paramref name="directory"/> is a trial folder: it holds trial.json, status.json or
    /// metrics.csv. Hidden folders (".name") are never trials.
    /// </summary>
    public static bool IsTrialFolder(string directory) =>
        !Path.GetFileName(directory).StartsWith('.')
        && (File.Exists(Path.Combine(directory, ResultsLayout.TrialFile))
            || File.Exists(Path.Combine(directory, ResultsLayout.StatusFile))
            || File.Exists(Path.Combine(directory, ResultsLayout.MetricsFile)));

    /// <summary>
    /// Reads sweep.json and every trial folder directly under <paramref name="resultsDir"/>. When sweep.json
    /// lists its trial ids, only those trials are <see cref="ResultsFolder.Trials"/>; any other trial folder
    /// (left over from an earlier version of the grid written to the same folder) goes to
    /// <see cref="ResultsFolder.Ignored"/>. Without sweep.json (a folder of `runner train` runs) every trial counts.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ResultsFolder Read(string resultsDir)
    {
        if (!System.IO.Directory.Exists(resultsDir)) throw new DirectoryNotFoundException($"no folder {resultsDir}");
        var (name, question, planned) = ReadSweepJson(resultsDir);
        var trials = new List<TrialResult>();
        var ignored = new List<TrialResult>();
        var plannedSet = planned.ToHashSet(StringComparer.Ordinal);
        foreach (var directory in System.IO.Directory.GetDirectories(resultsDir)
                     .Where(IsTrialFolder)
                     .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal))
        {
            var trial = ReadTrial(directory);
            // with sweep.json's trial list, only its trials count: other folders are left over from another grid
            if (plannedSet.Count == 0 || plannedSet.Contains(Path.GetFileName(directory)) || plannedSet.Contains(trial.TrialId))
                trials.Add(trial);
            else
                ignored.Add(trial);
        }
        name ??= trials.Concat(ignored).Select(t => NullIfBlank(t.Experiment)).FirstOrDefault(n => n is not null)
                 ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(resultsDir)));
        return new ResultsFolder(resultsDir, name, question, trials, IsLockHeld(Path.Combine(resultsDir, ".lock")), planned)
        {
            Ignored = ignored,
        };
    }

    /// <summary>sweep.json's name, question and trial ids; nulls and an empty list when it is missing or broken.</summary>
    private static (string? Name, string? Question, List<string> Planned) ReadSweepJson(string resultsDir)
    {
        string? name = null, question = null;
        var planned = new List<string>();
        var sweepJson = Path.Combine(resultsDir, ResultsLayout.SweepFile);
        if (File.Exists(sweepJson))
        {
            try
            {
                using var doc = JsonFields.Parse(sweepJson);
                name = NullIfBlank(JsonFields.String(doc.RootElement, "name"));
                question = NullIfBlank(JsonFields.String(doc.RootElement, "question"));
                if (JsonFields.Find(doc.RootElement, "trials") is { ValueKind: JsonValueKind.Array } ids)
                    planned.AddRange(ids.EnumerateArray().Select(JsonFields.AsString).Where(id => id.Length > 0));
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                // a broken sweep.json costs the title, question and trial list, not the report
                return (null, null, []);
            }
        }
        return (name, question, planned);
    }

    /// <summary>Reads one trial folder.</summary>
    public static TrialResult ReadTrial(string trialDir)
    {
        var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(trialDir));
        var trial = new TrialResult(trialDir, folderName, "", "", 0, 0, new Dictionary<string, string>(),
            TrialState.Incomplete, null, [], [], null);
        try
        {
            trial = ReadTrialJson(trial, Path.Combine(trialDir, ResultsLayout.TrialFile));
            trial = trial with
            {
                Episodes = ReadMetrics(Path.Combine(trialDir, ResultsLayout.MetricsFile)),
                Evaluations = ReadEvaluations(Path.Combine(trialDir, ResultsLayout.EvaluationFile)),
            };
            return ReadStatusJson(trial, Path.Combine(trialDir, ResultsLayout.StatusFile));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return trial with { State = TrialState.Unreadable, Reason = $"{e.GetType().Name}: {e.Message}" };
        }
    }

    private static TrialResult ReadTrialJson(TrialResult trial, string path)
    {
        if (!File.Exists(path)) return trial with { Reason = "no trial.json: its config is unknown", Identified = false };
        using var doc = JsonFields.Parse(path);
        var root = doc.RootElement;
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (JsonFields.Find(root, "params") is { ValueKind: JsonValueKind.Object } p)
            foreach (var property in p.EnumerateObject())
                parameters[property.Name] = JsonFields.AsString(property.Value);
        return trial with
        {
            TrialId = NullIfBlank(JsonFields.String(root, "trial_id")) ?? trial.TrialId,
            Experiment = JsonFields.String(root, "experiment") ?? "",
            ConfigLabel = JsonFields.String(root, "config_label") ?? "",
            Replicate = (int)(JsonFields.Long(root, "replicate") ?? 0),
            Seed = JsonFields.Long(root, "seed") ?? 0,
            Params = parameters,
        };
    }

    private static TrialResult ReadStatusJson(TrialResult trial, string path)
    {
        if (!File.Exists(path)) return trial with { State = TrialState.Incomplete, Reason = trial.Reason ?? "no status.json" };
        using var doc = JsonFields.Parse(path);
        var root = doc.RootElement;
        var status = JsonFields.String(root, "status");
        TrialState? state = status?.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "finished" => TrialState.Finished,
            "stoppedearly" => TrialState.StoppedEarly,
            "failed" => TrialState.Failed,
            "interrupted" => TrialState.Interrupted,
            _ => null,
        };
        if (!trial.Identified)
            return trial with { State = TrialState.Unreadable };
        if (state is null)
            return trial with { State = TrialState.Unreadable, Reason = $"status.json has status \"{status}\", not finished|stopped_early|failed|interrupted" };
        EvaluationRecord? final = null;
        if (JsonFields.Find(root, "final_evaluation") is { ValueKind: JsonValueKind.Object } f)
            final = ReadEvaluation(f);
        return trial with { State = state.Value, Reason = NullIfBlank(JsonFields.String(root, "reason")), FinalEvaluation = final };
    }

    private static EvaluationRecord? ReadEvaluation(JsonElement e)
    {
        if (JsonFields.Double(e, "mean") is not double mean) return null;
        return new EvaluationRecord(
            (int)(JsonFields.Long(e, "episode") ?? 0),
            JsonFields.Long(e, "env_steps") ?? 0,
            (int)(JsonFields.Long(e, "episodes") ?? 0),
            (int)(JsonFields.Long(e, "max_steps") ?? 0),
            mean,
            JsonFields.Double(e, "std") ?? double.NaN,
            JsonFields.Double(e, "min") ?? double.NaN,
            JsonFields.Double(e, "max") ?? double.NaN,
            JsonFields.Double(e, "median") ?? double.NaN,
            JsonFields.Double(e, "cap_share") ?? double.NaN,
            JsonFields.Long(e, "unix_time_ms") ?? 0);
    }

    private static List<EpisodeRow> ReadMetrics(string path)
    {
        var csv = CsvFile.TryRead(path);
        if (csv is null) return [];
        if (!csv.Has("episode") || !csv.Has("env_steps") || !csv.Has("return"))
            throw new InvalidDataException("metrics.csv lacks one of the columns episode, env_steps, return");
        var rows = new List<EpisodeRow>(csv.Rows.Count);
        foreach (var row in csv.Rows)
        {
            if (csv.TryLong(row, "episode", out var episode) && csv.TryLong(row, "env_steps", out var steps) && csv.TryDouble(row, "return", out var ret))
                rows.Add(new EpisodeRow((int)episode, steps, ret));
        }
        return rows;
    }

    private static List<EvaluationRecord> ReadEvaluations(string path)
    {
        var csv = CsvFile.TryRead(path);
        if (csv is null) return [];
        if (!csv.Has("env_steps") || !csv.Has("mean"))
            throw new InvalidDataException("eval.csv lacks one of the columns env_steps, mean");
        var rows = new List<EvaluationRecord>(csv.Rows.Count);
        foreach (var row in csv.Rows)
        {
            if (!csv.TryLong(row, "env_steps", out var steps) || !csv.TryDouble(row, "mean", out var mean)) continue;
            rows.Add(new EvaluationRecord(
                csv.TryLong(row, "episode", out var episode) ? (int)episode : 0,
                steps,
                csv.TryLong(row, "episodes", out var episodes) ? (int)episodes : 0,
                csv.TryLong(row, "max_steps", out var maxSteps) ? (int)maxSteps : 0,
                mean,
                csv.TryDouble(row, "std", out var std) ? std : double.NaN,
                csv.TryDouble(row, "min", out var min) ? min : double.NaN,
                csv.TryDouble(row, "max", out var max) ? max : double.NaN,
                csv.TryDouble(row, "median", out var median) ? median : double.NaN,
                csv.TryDouble(row, "cap_share", out var capShare) ? capShare : double.NaN,
                csv.TryLong(row, "unix_time_ms", out var time) ? time : 0));
        }
        return rows;
    }

    /// <summary>A sweep holds .lock exclusively while it runs; a lock file nobody holds is stale.</summary>
    private static bool IsLockHeld(string lockPath)
    {
        if (!File.Exists(lockPath)) return false;
        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
