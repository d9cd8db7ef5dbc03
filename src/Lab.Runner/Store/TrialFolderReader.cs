using System.Globalization;
using System.Text.Json;
using Lab.Agent;
using Lab.Runner.Config;
using Lab.Runner.Tracking.Mlflow;

namespace Lab.Runner.Store;

/// <summary>
/// Reads a trial folder in the layout of docs/ARCHITECTURE.md: trial.json, metrics.csv + timing.csv
/// (joined on episode; the wall clock lives in timing.csv), eval.csv and status.json. CSVs are
/// comma-separated, invariant culture, with a header row; columns are found by name. A last line without
/// its newline, or with missing columns, is a row still being written and is left for later.
/// </summary>
internal static class TrialFolderReader
{
    public static bool IsTrialFolder(string directory) => File.Exists(Path.Combine(directory, ResultsLayout.TrialFile));

    /// <exception cref="FormatException">A file is not in the documented format (the message names it).</exception>
    public static TrialFolder Read(string directory)
    {
        var trialPath = Path.Combine(directory, ResultsLayout.TrialFile);
        var info = ReadTrial(trialPath);
        var timing = ReadCsv(Path.Combine(directory, ResultsLayout.TimingFile))
            .Select(r => (Episode: r.Int("episode"), Time: r.Long("unix_time_ms"), Sps: r.Double("steps_per_second")))
            .GroupBy(t => t.Episode).ToDictionary(g => g.Key, g => g.First());
        var episodes = new List<EpisodeRecord>();
        foreach (var r in ReadCsv(Path.Combine(directory, ResultsLayout.MetricsFile)))
        {
            var episode = r.Int("episode");
            if (!timing.TryGetValue(episode, out var t)) break;
            episodes.Add(new EpisodeRecord(episode, r.Long("env_steps"), r.Double("return"), r.Double("shaped_return"),
                r.Int("length"), r.Bool("terminated"), r.Double("epsilon"), r.Double("td_loss"), r.Double("mean_max_q"),
                r.Long("updates"), t.Sps, t.Time));
        }
        var evaluations = ReadCsv(Path.Combine(directory, ResultsLayout.EvaluationFile)).Select(Evaluation).ToList();
        var outcome = ReadOutcome(Path.Combine(directory, ResultsLayout.StatusFile));
        var started = new DateTimeOffset(File.GetLastWriteTimeUtc(trialPath)).ToUnixTimeMilliseconds();
        return new TrialFolder(directory, info, episodes, evaluations, outcome, started);
    }

    private static EvaluationRecord Evaluation(Row r) => new(r.Int("episode"), r.Long("env_steps"), r.Int("episodes"),
        r.Int("max_steps"), r.Double("mean"), r.Double("std"), r.Double("min"), r.Double("max"), r.Double("median"),
        r.Double("cap_share"), r.Long("unix_time_ms"));

    private static TrialInfo ReadTrial(string path)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object)
            foreach (var property in p.EnumerateObject())
                parameters[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString() ?? ""
                    : property.Value.GetRawText();
        return new TrialInfo(
            MlflowJson.String(root, "trial_id") ?? throw new FormatException($"{path}: no trial_id"),
            MlflowJson.String(root, "experiment") ?? "",
            MlflowJson.String(root, "config_label") ?? "",
            (int)(MlflowJson.Int64(root, "replicate") ?? 0),
            MlflowJson.Int64(root, "seed") ?? 0,
            parameters);
    }

    /// <summary>status.json as a <see cref="TrialOutcome"/>, or null when the trial has not ended.</summary>
    public static TrialOutcome? ReadOutcome(string path)
    {
        if (!File.Exists(path)) return null;
        using var document = Parse(path);
        var root = document.RootElement;
        var statusName = MlflowJson.String(root, "status");
        var status = MlflowMapping.ParseStatus(statusName) ?? throw new FormatException($"{path}: unknown status '{statusName}'");
        EvaluationRecord? final = null;
        if (root.TryGetProperty("final_evaluation", out var e) && e.ValueKind == JsonValueKind.Object)
            final = new EvaluationRecord((int)(MlflowJson.Int64(e, "episode") ?? 0), MlflowJson.Int64(e, "env_steps") ?? 0,
                (int)(MlflowJson.Int64(e, "episodes") ?? 0), (int)(MlflowJson.Int64(e, "max_steps") ?? 0),
                MlflowJson.Double(e, "mean") ?? double.NaN, MlflowJson.Double(e, "std") ?? double.NaN,
                MlflowJson.Double(e, "min") ?? double.NaN, MlflowJson.Double(e, "max") ?? double.NaN,
                MlflowJson.Double(e, "median") ?? double.NaN, MlflowJson.Double(e, "cap_share") ?? double.NaN,
                MlflowJson.Int64(e, "unix_time_ms") ?? 0);
        var ended = MlflowJson.Int64(root, "unix_time_ms")
                    ?? final?.UnixTimeMs
                    ?? new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds();
        return new TrialOutcome(status, MlflowJson.String(root, "reason"), (int)(MlflowJson.Int64(root, "episodes") ?? 0),
            MlflowJson.Int64(root, "env_steps") ?? 0, MlflowJson.Double(root, "wall_seconds") ?? 0, final, ended);
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not valid JSON ({ex.Message})", ex);
        }
    }

    /// <summary>Complete rows of a CSV file (none when the file is missing).</summary>
    private static IEnumerable<Row> ReadCsv(string path)
    {
        if (!File.Exists(path)) yield break;
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        // the last element is "" when the file ends with a newline; otherwise it is a row being written
        var complete = lines.Length - 1;
        if (complete < 1) yield break;
        var header = lines[0].TrimEnd('\r').Split(',');
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++) columns[header[i].Trim()] = i;
        for (var n = 1; n < complete; n++)
        {
            var line = lines[n].TrimEnd('\r');
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length < header.Length) yield break;
            yield return new Row(path, n + 1, columns, cells);
        }
    }

    private sealed class Row(string path, int line, Dictionary<string, int> columns, string[] cells)
    {
        private string Cell(string name) =>
            columns.TryGetValue(name, out var i) ? cells[i].Trim() : throw new FormatException($"{path}: no column '{name}'");

        public int Int(string name) => (int)Long(name);

        public long Long(string name) =>
            long.TryParse(Cell(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name);

        public double Double(string name)
        {
            var cell = Cell(name);
            if (cell.Length == 0) return double.NaN;
            return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : cell.ToLowerInvariant() switch
                {
                    "nan" => double.NaN,
                    "inf" or "+inf" or "infinity" => double.PositiveInfinity,
                    "-inf" or "-infinity" => double.NegativeInfinity,
                    _ => throw Bad(name),
                };
        }

        public bool Bool(string name) => Cell(name).ToLowerInvariant() switch
        {
            "1" or "true" => true,
            "0" or "false" => false,
            _ => throw Bad(name),
        };

        private FormatException Bad(string name) => new($"{path}, line {line}: bad {name} '{Cell(name)}'");
    }
}
