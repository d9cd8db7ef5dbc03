using System.Text.Json;
using Lab.Runner.Config;
using Lab.Runner.Tracking.Mlflow;

namespace Lab.Runner.Store;

/// <summary>results/&lt;exp&gt;/sweep.json as `runner mlflow sync` reads it (written by `runner sweep`).</summary>
internal sealed record SweepFile(
    string? SweepId,
    string? Name,
    string? Question,
    string? GridPath,
    string? GridText,
    string? GitCommit,
    IReadOnlyList<string> Trials)
{
    /// <summary>The sweep file of a results folder, or null when there is none.</summary>
    /// <exception cref="FormatException">The file is not valid JSON.</exception>
    public static SweepFile? Read(string resultsDirectory)
    {
        var path = Path.Combine(resultsDirectory, ResultsLayout.SweepFile);
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var trials = new List<string>();
            if (root.TryGetProperty("trials", out var array) && array.ValueKind == JsonValueKind.Array)
                trials.AddRange(array.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
            return new SweepFile(
                Blank(MlflowJson.String(root, "sweep_id")),
                Blank(MlflowJson.String(root, "name")),
                Blank(MlflowJson.String(root, "question")),
                Blank(MlflowJson.String(root, "grid_path")),
                MlflowJson.String(root, "grid_text"),
                Blank(MlflowJson.String(root, "git_commit")),
                trials);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not valid JSON ({ex.Message})", ex);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
