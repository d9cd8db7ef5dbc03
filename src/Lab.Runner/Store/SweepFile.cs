using System.Text.Json;

namespace Lab.Runner.Store;

/// <summary>
/// results/&lt;exp&gt;/sweep.json, written by `runner sweep` before its trials run: the grid's name and
/// question, the grid file (path and text), the commit it ran at, and the ids of the trials it plans.
/// This record is its codec: <see cref="Write"/> and <see cref="Read"/> are the file's only writer and reader.
/// </summary>
/// <param name="SweepId">Kept while a resumed sweep plans the same trials (MLflow's parent run); null when unknown.</param>
/// <param name="Trials">The planned trial ids, which are also the trial folders' names.</param>
internal sealed record SweepFile(
    string? SweepId,
    string? Name,
    string? Question,
    string? GridPath,
    string? GridText,
    string? GitCommit,
    IReadOnlyList<string> Trials)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public void Write(string resultsDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(resultsDirectory, ResultsLayout.SweepFile), JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["sweep_id"] = SweepId,
            ["name"] = Name,
            ["question"] = Question,
            ["grid_path"] = GridPath,
            ["grid_text"] = GridText,
            ["git_commit"] = GitCommit,
            ["trials"] = Trials.ToArray(),
        }, Options) + "\n");

    /// <summary>The sweep file of a results folder, or null when there is none.</summary>
    /// <exception cref="FormatException">The file is not valid JSON.</exception>
    public static SweepFile? Read(string resultsDirectory)
    {
        var path = Path.Combine(resultsDirectory, ResultsLayout.SweepFile);
        if (!StoreFile.Exists(path)) return null;
        using var document = JsonFields.Parse(path, StoreLimits.MaxSweepJsonBytes);
        var root = document.RootElement;
        return new SweepFile(
            JsonFields.NonBlank(root, "sweep_id"),
            JsonFields.NonBlank(root, "name"),
            JsonFields.NonBlank(root, "question"),
            JsonFields.NonBlank(root, "grid_path"),
            JsonFields.String(root, "grid_text"),
            JsonFields.NonBlank(root, "git_commit"),
            JsonFields.Strings(root, "trials"));
    }

    /// <summary>
    /// Whether the trial folder <paramref name="trialDirectory"/> belongs to this sweep: its name is a planned
    /// trial id, or the file lists no trials. Other folders are left over from an earlier version of the grid.
    /// </summary>
    public bool Includes(string trialDirectory) =>
        Trials.Count == 0 || Trials.Contains(TrialFile.FolderName(trialDirectory), StringComparer.Ordinal);

    /// <summary>Whether this file plans exactly <paramref name="trialIds"/>, in that order.</summary>
    public bool Plans(IReadOnlyList<string> trialIds) => Trials.SequenceEqual(trialIds, StringComparer.Ordinal);
}
