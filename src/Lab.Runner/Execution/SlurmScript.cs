namespace Lab.Runner.Execution;

/// <summary>
/// The sbatch script of `runner sweep --slurm` (kept as slurm.sbatch in the results folder) and the
/// report job's command. Pure text: <see cref="SlurmSubmitter"/> submits them, `--dry-run` prints them.
/// </summary>
internal static class SlurmScript
{
    /// <summary>Seconds before the time limit at which Slurm warns the batch shell (USR1) to stop and requeue.</summary>
    public const int TimeLimitWarningSeconds = 120;

    public static string Render(SlurmJob job)
    {
        var q = ShellWords.Quote;
        var sweep = new List<string>(job.Runner) { "sweep" };
        sweep.AddRange(job.SweepArguments);
        sweep.AddRange(["--out", job.ResultsDirectory]);
        var lines = new List<string>
        {
            "#!/bin/bash",
            $"# DqnLab sweep {job.Name} as one Slurm job array, written by ./runner sweep --slurm (docs/CLUSTER.md).",
            $"# Task i of {job.Tasks} runs the trials whose index modulo {job.Tasks} is i (--shard i/{job.Tasks}); the tasks share",
            "# the results folder and claim each trial before running it, so no trial runs twice.",
            $"#SBATCH --job-name={JobName(job.Name)}",
            $"#SBATCH --array=0-{job.Tasks - 1}",
            "#SBATCH --requeue",
            "#SBATCH --open-mode=append",
            $"#SBATCH --output={Path.Combine(job.ResultsDirectory, "slurm-%A_%a.out")}",
            $"#SBATCH --signal=B:USR1@{TimeLimitWarningSeconds}",
        };
        lines.AddRange(job.Options.Select(o => $"#SBATCH {o}"));
        lines.AddRange(
        [
            "set -u",
            $"cd {q(job.WorkingDirectory)} || exit 1",
            "",
            "# Preemption, scancel and scontrol requeue send SIGTERM to every process of the task, then SIGKILL",
            "# after KillWait: the runner ends its running trials as interrupted, every file whole, and exits",
            "# (130); a requeued task resumes, and what finished is not run again. The runner works in the",
            "# background so that this shell's traps run at once (bash runs a trap only after its foreground",
            "# child has ended); a SIGTERM sent to this shell alone is passed on.",
            "runner=",
            "requeue=0",
            "stop() { [ -n \"$runner\" ] && kill -TERM \"$runner\" 2>/dev/null; }",
            "trap stop TERM",
            $"# USR1 comes {TimeLimitWarningSeconds} s before the time limit: stop, then requeue this task to finish later.",
            "trap 'requeue=1; stop' USR1",
            "",
            $"# The shard count is written here, not read from $SLURM_ARRAY_TASK_COUNT: an array resubmitted with",
            $"# fewer tasks (sbatch --array=1,3 ...) must still split the trials {job.Tasks} ways. The task that finds",
            "# every trial done as it ends writes the report too (the report job writes the same bytes again).",
            ShellWords.Join(sweep) + $" --shard \"$SLURM_ARRAY_TASK_ID/{job.Tasks}\" --jobs \"${{SLURM_CPUS_PER_TASK:-1}}\" &",
            "runner=$!",
            "status=0",
            "while :; do",
            "  wait \"$runner\"; status=$?",
            "  kill -0 \"$runner\" 2>/dev/null || break  # a trap ended the wait early: wait on",
            "done",
            "if [ \"$requeue\" = 1 ]; then scontrol requeue \"$SLURM_JOB_ID\"; fi",
            "exit \"$status\"",
        ]);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The report job's shell command: the report of the whole folder, then (with MLflow) a sync that ends the sweep's parent run.</summary>
    public static string ReportCommand(SlurmJob job)
    {
        var report = ShellWords.Join([.. job.Runner, "report", job.ResultsDirectory]);
        var sync = new List<string>(job.Runner) { "mlflow", "sync", job.ResultsDirectory };
        if (job.TrackingUri is { } uri) sync.AddRange(["--tracking-uri", uri]);
        var syncLine = job.TrackingUri is null
            ? $"if [ -n \"${{MLFLOW_TRACKING_URI:-}}\" ]; then {ShellWords.Join(sync)}; fi"
            : ShellWords.Join(sync);
        return $"cd {ShellWords.Quote(job.WorkingDirectory)} && {{ {report}; status=$?; {syncLine}; exit $status; }}";
    }

    /// <summary>The report job's sbatch arguments, after the array <paramref name="arrayJobId"/> (which every task must have ended).</summary>
    public static IReadOnlyList<string> ReportArguments(SlurmJob job, string arrayJobId) =>
    [
        "--parsable",
        $"--job-name={JobName(job.Name)}-report",
        $"--dependency=afterany:{arrayJobId}",
        $"--output={Path.Combine(job.ResultsDirectory, "slurm-%j-report.out")}",
        .. job.Options,
        "--wrap", ReportCommand(job),
    ];

    private static string JobName(string name) => "dqnlab-" + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
