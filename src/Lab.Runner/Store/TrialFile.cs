using System.Text.Json;
using Lab.Agent;

namespace Lab.Runner.Store;

/// <summary>
/// The codec of trial.json: the <see cref="TrialInfo"/> of a trial (trial_id, experiment, config_label,
/// replicate, seed, params as dotted name → invariant string). Written first, when the trial starts.
/// </summary>
internal static class TrialFile
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static void Write(string trialDirectory, TrialInfo trial) =>
        AtomicFile.WriteAllText(Path.Combine(trialDirectory, ResultsLayout.TrialFile), Text(trial));

    private static string Text(TrialInfo trial) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["trial_id"] = trial.TrialId,
        ["experiment"] = trial.Experiment,
        ["config_label"] = trial.ConfigLabel,
        ["replicate"] = trial.Replicate,
        ["seed"] = trial.Seed,
        ["params"] = new SortedDictionary<string, string>(trial.Params.ToDictionary(), StringComparer.Ordinal),
    }, Options) + "\n";

    /// <summary>trial.json of <paramref name="trialDirectory"/>; null when there is none. A blank trial_id is the folder's name.</summary>
    /// <exception cref="FormatException">The file is not valid JSON.</exception>
    public static TrialInfo? Read(string trialDirectory)
    {
        var path = Path.Combine(trialDirectory, ResultsLayout.TrialFile);
        if (!StoreFile.Exists(path)) return null;
        using var document = JsonFields.Parse(path, StoreLimits.MaxTrialJsonBytes);
        var root = document.RootElement;
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (JsonFields.Find(root, "params") is { ValueKind: JsonValueKind.Object } p)
            foreach (var property in p.EnumerateObject())
                parameters[property.Name] = JsonFields.AsString(property.Value);
        return new TrialInfo(
            JsonFields.NonBlank(root, "trial_id") ?? FolderName(trialDirectory),
            JsonFields.String(root, "experiment") ?? "",
            JsonFields.String(root, "config_label") ?? "",
            (int)(JsonFields.Long(root, "replicate") ?? 0),
            JsonFields.Long(root, "seed") ?? 0,
            parameters);
    }

    /// <summary>When the trial started: trial.json is written as it starts.</summary>
    public static long StartTimeMs(string trialDirectory) =>
        new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(trialDirectory, ResultsLayout.TrialFile))).ToUnixTimeMilliseconds();

    public static string FolderName(string trialDirectory) => Path.GetFileName(Path.TrimEndingDirectorySeparator(trialDirectory));
}
