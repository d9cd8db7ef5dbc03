using System.Collections.Concurrent;
using System.Text.Json;
using Lab.Runner.Config;
using Lab.Runner.Progress;
using Lab.Runner.Tracking;
using Lab.Runner.Training;
using Spectre.Console;

namespace Lab.Runner.Sweeps;

/// <summary>
/// Runs a grid's trials in parallel into one results folder. Each trial's numbers depend on its own
/// config and seed only, so --jobs changes the wall time, never the files. Finished trials (status on
/// disk) are kept; incomplete or interrupted ones run again from scratch.
/// </summary>
public static class SweepRunner
{
    /// <summary>Statuses that count as done: a resumed sweep does not run these again.</summary>
    private static readonly HashSet<string> Done = ["finished", "stopped_early", "failed"];

    public static SweepSummary Run(GridPlan plan, string resultsDirectory, int jobs, IAnsiConsole console, bool quiet,
        Func<TrialPlan, TrialInfo, ITrainingSink?>? extraSink, CancellationToken cancel)
    {
        // The caller holds the SweepLock and has written sweep.json.
        var pending = new List<TrialPlan>();
        var skipped = 0;
        foreach (var trial in plan.Trials)
        {
            var status = StatusFile.ReadStatus(Path.Combine(resultsDirectory, trial.TrialId));
            if (status is not null && Done.Contains(status)) skipped++;
            else pending.Add(trial);
        }
        if (!quiet && skipped > 0)
            console.MarkupLine($"[grey]{skipped} of {plan.Trials.Count} trials already done in {Markup.Escape(resultsDirectory)}; running the other {pending.Count}.[/]");

        var outcomes = new ConcurrentBag<TrialOutcome>();
        ProgressBoard.Run(console, $"{plan.Name}: {pending.Count} trials, {jobs} jobs", pending.Count, quiet, board =>
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) };
            var ordered = System.Collections.Concurrent.Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering);
            Parallel.ForEach(ordered, options, (trial, state) =>
            {
                if (cancel.IsCancellationRequested) { state.Stop(); return; }
                var info = ToInfo(plan, trial);
                var sinks = new List<ITrainingSink> { board.SinkFor(trial.Config) };
                if (extraSink?.Invoke(trial, info) is { } extra) sinks.Add(extra);
                outcomes.Add(TrialRunner.Run(trial.Config, info, Path.Combine(resultsDirectory, trial.TrialId), sinks,
                    cancel));
            });
            return 0;
        });

        return new SweepSummary(plan.Trials.Count, skipped,
            outcomes.Count(o => o.Status is TrialStatus.Finished or TrialStatus.StoppedEarly),
            outcomes.Count(o => o.Status == TrialStatus.Failed),
            outcomes.Count(o => o.Status == TrialStatus.Interrupted),
            pending.Count - outcomes.Count);
    }

    public static TrialInfo ToInfo(GridPlan plan, TrialPlan trial) =>
        new(trial.TrialId, plan.Name, trial.ConfigLabel, trial.Replicate, trial.Seed, trial.Params);

    /// <summary>Writes sweep.json, keeping the sweep id of an earlier run of the same folder (MLflow's parent run).</summary>
    public static string WriteSweepFile(GridPlan plan, string resultsDirectory)
    {
        var path = Path.Combine(resultsDirectory, ResultsLayout.SweepFile);
        var sweepId = ExistingSweepId(path) ?? Guid.NewGuid().ToString("N");
        var document = new Dictionary<string, object?>
        {
            ["sweep_id"] = sweepId,
            ["name"] = plan.Name,
            ["question"] = plan.Question,
            ["grid_path"] = plan.SourcePath,
            ["grid_text"] = plan.SourceText,
            ["git_commit"] = Tracking.Mlflow.GitRevision.Find(Directory.GetCurrentDirectory()),
            ["trials"] = plan.Trials.Select(t => t.TrialId).ToArray(),
        };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return sweepId;
    }

    private static string? ExistingSweepId(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.TryGetProperty("sweep_id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
