using System.Text.Json;

namespace Lab.Runner.Store;

/// <summary>
/// results/&lt;exp&gt;/slurm.json, written by `runner sweep --slurm` once sbatch accepted the jobs: the array's
/// job id and task count, the report job's id and the script (slurm.sbatch beside it). `runner status`
/// reads it to count per task. This record is the file's codec.
/// </summary>
internal sealed record SlurmSubmissionFile(string ArrayJobId, int Tasks, string? ReportJobId, long SubmittedUnixMs)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public void Write(string resultsDirectory) =>
        AtomicFile.WriteAllText(Path.Combine(resultsDirectory, ResultsLayout.SlurmSubmissionFile), JsonSerializer.Serialize(
            new Dictionary<string, object?>
            {
                ["array_job_id"] = ArrayJobId,
                ["tasks"] = Tasks,
                ["report_job_id"] = ReportJobId,
                ["script"] = ResultsLayout.SlurmScriptFile,
                ["submitted_unix_ms"] = SubmittedUnixMs,
            }, Options) + "\n");

    /// <summary>The submission of a results folder, or null when it has none.</summary>
    /// <exception cref="FormatException">The file is not valid JSON or lacks the array's job id.</exception>
    public static SlurmSubmissionFile? Read(string resultsDirectory)
    {
        var path = Path.Combine(resultsDirectory, ResultsLayout.SlurmSubmissionFile);
        if (!File.Exists(path)) return null;
        using var document = JsonFields.Parse(path, StoreLimits.MaxTrialJsonBytes);
        var root = document.RootElement;
        var tasks = JsonFields.Double(root, "tasks") is { } t && t >= 1 ? (int)t : throw new FormatException($"{path}: no task count");
        return new SlurmSubmissionFile(JsonFields.NonBlank(root, "array_job_id") ?? throw new FormatException($"{path}: no array_job_id"),
            tasks, JsonFields.NonBlank(root, "report_job_id"), (long)(JsonFields.Double(root, "submitted_unix_ms") ?? 0));
    }

    /// <summary>Writes the sbatch script beside the results (kept, so a person can read or resubmit it).</summary>
    public static string WriteScript(string resultsDirectory, string script)
    {
        var path = Path.Combine(resultsDirectory, ResultsLayout.SlurmScriptFile);
        AtomicFile.WriteAllText(path, script);
        return path;
    }
}
