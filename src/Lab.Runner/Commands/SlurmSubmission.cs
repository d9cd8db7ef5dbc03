using System.Globalization;
using Lab.CommandLine;
using Lab.Runner.Config;
using Lab.Runner.Execution;
using Lab.Runner.Store;
using Lab.Runner.Tracking.Mlflow;
using Spectre.Console;

namespace Lab.Runner.Commands;

/// <summary>
/// `runner sweep GRID --slurm`: writes sweep.json (and, with MLflow, the sweep's parent run), the sbatch
/// script (slurm.sbatch in the results folder), submits it as one job array and a report job that runs
/// once every task has ended, and says how to follow them. With --dry-run it prints the script and the
/// report job's sbatch line and writes nothing.
/// </summary>
internal static class SlurmSubmission
{
    /// <summary>The array's tasks without --slurm-tasks: one per trial, at most this many.</summary>
    public const int DefaultMaxTasks = 16;

    public static int Run(SweepArgs args, GridPlan plan, string resultsDirectory, IAnsiConsole console)
    {
        var tasks = Math.Min(args.SlurmTasks ?? DefaultMaxTasks, plan.Trials.Count);
        if (args.SlurmTasks is { } asked && asked > tasks)
            Console.Error.WriteLine($"sweep: --slurm-tasks {asked} is more than the {plan.Trials.Count} trials; submitting {tasks} tasks.");
        List<string> options;
        try
        {
            options = args.SlurmOptions.SelectMany(ShellWords.Split).ToList();
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"sweep: --slurm-option: {ex.Message}");
            return ExitCodes.BadInput;
        }
        var results = Path.GetFullPath(resultsDirectory);
        var job = new SlurmJob(plan.Name, RunnerCommand(), Directory.GetCurrentDirectory(), SweepArguments(args), results,
            tasks, options, args.TrackingUri);
        var script = SlurmScript.Render(job);
        if (args.DryRun)
        {
            Console.Out.Write(script);
            Console.Out.WriteLine();
            Console.Out.WriteLine($"# --slurm writes this script to {Path.Combine(results, ResultsLayout.SlurmScriptFile)}, submits it, then the report job:");
            Console.Out.WriteLine("# sbatch " + ShellWords.Join(SlurmScript.ReportArguments(job, "ARRAY_JOB_ID")));
            return ExitCodes.Ok;
        }

        if (SlurmSubmitter.FindOnPath("sbatch") is not { } sbatch)
        {
            Console.Error.WriteLine("sweep --slurm: sbatch is not on PATH; submit from a machine of the Slurm cluster (a login node), " +
                                    "or see the script with --slurm --dry-run. Nothing was submitted or written.");
            return ExitCodes.BadInput;
        }
        if (SweepLock.IsHeld(results))
        {
            Console.Error.WriteLine($"sweep --slurm: a sweep is running in {results} on this machine; wait for it to end, or use --out. Nothing was submitted.");
            return ExitCodes.BadInput;
        }

        Directory.CreateDirectory(results);
        var sweepId = SweepRunner.WriteSweepFile(plan, results);
        StartParentRun(args, plan, sweepId, console);
        var scriptPath = SlurmSubmissionFile.WriteScript(results, script);
        string arrayId;
        try
        {
            arrayId = SlurmSubmitter.Submit(sbatch, ["--parsable", scriptPath]);
        }
        catch (SlurmException ex)
        {
            Console.Error.WriteLine($"sweep --slurm: {ex.Message}. The script is {scriptPath}.");
            return ExitCodes.BadInput;
        }
        string? reportId = null;
        try
        {
            reportId = SlurmSubmitter.Submit(sbatch, SlurmScript.ReportArguments(job, arrayId));
        }
        catch (SlurmException ex)
        {
            Console.Error.WriteLine($"sweep --slurm: the array {arrayId} is submitted, but not its report job: {ex.Message}. " +
                                    $"Once the array has ended, run ./runner report {ShellWords.Quote(results)}.");
        }
        new SlurmSubmissionFile(arrayId, tasks, reportId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Write(results);

        var both = reportId is null ? arrayId : $"{arrayId},{reportId}";
        console.WriteLine($"Submitted {plan.Name}: {plan.Trials.Count} trials as job array {arrayId} ({tasks} task{(tasks == 1 ? "" : "s")}, --array=0-{tasks - 1})" +
                          (reportId is null ? "." : $" and report job {reportId}, which runs once every task has ended."));
        console.WriteLine($"  script:  {scriptPath}");
        console.WriteLine($"  follow:  squeue -j {both}   scontrol show job {arrayId}   ./runner status {ShellWords.Quote(results)}");
        console.WriteLine($"  logs:    {Path.Combine(results, $"slurm-{arrayId}_<task>.out")}");
        console.WriteLine($"  cancel:  scancel {both}   (finished trials stay; submitting again runs the rest)");
        return reportId is null ? ExitCodes.TrialFailed : ExitCodes.Ok;
    }

    /// <summary>The runner as a compute node starts it: this executable, or dotnet with runner.dll (both absolute).</summary>
    internal static IReadOnlyList<string> RunnerCommand()
    {
        var process = Environment.ProcessPath;
        var dll = typeof(SlurmSubmission).Assembly.Location;
        return process is null || Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process ?? "dotnet", dll]
            : [process];
    }

    /// <summary>The sweep's own arguments for every task: the grid (absolute) and what shapes its trials.</summary>
    private static List<string> SweepArguments(SweepArgs args)
    {
        var words = new List<string> { Path.GetFullPath(args.Grid) };
        foreach (var set in args.Sets) words.AddRange(["--set", set]);
        foreach (var axis in args.Axes) words.AddRange(["--axis", axis]);
        if (args.Seeds is { } seeds) words.AddRange(["--seeds", seeds]);
        if (args.Yes) words.Add("--yes");
        if (args.TrackingUri is { } uri) words.AddRange(["--tracking-uri", uri]);
        return words;
    }

    /// <summary>The sweep's one MLflow parent run, made now so that every task's trials become its children; it stays RUNNING.</summary>
    private static void StartParentRun(SweepArgs args, GridPlan plan, string sweepId, IAnsiConsole console)
    {
        using var tracking = MlflowTracking.TryCreate(args.TrackingUri, line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
        if (tracking is null) return;
        tracking.LeaveSweepOpen = true;
        tracking.StartSweep(plan.Name, plan.Question, plan.SourceText, sweepId);
        tracking.Complete();
        console.MarkupLineInterpolated($"[grey]MLflow: the sweep's parent run is at {tracking.TrackingUri} (sweep id {sweepId}); the tasks log their trials under it.[/]");
    }
}
