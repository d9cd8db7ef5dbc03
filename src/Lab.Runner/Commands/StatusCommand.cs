using System.Globalization;
using System.Text.RegularExpressions;
using Lab.Agent;
using Lab.Runner.Execution;
using Lab.Runner.Store;

namespace Lab.Runner.Commands;

/// <summary>
/// `runner status RESULTS_DIR`: what a sweep has done, from its folder alone (a shared file system is
/// enough; no Slurm command is run): every planned trial is done (finished or stopped early), running (a
/// live claim, or the lock of a sweep on this machine), failed, or left (not started, incomplete or
/// interrupted: a task, resumed or requeued, runs it). Per task too when the folder was submitted with
/// --slurm (slurm.json says how many tasks) or its claims name shards. Exit 0; 2 for no sweep there.
/// </summary>
internal static partial class StatusCommand
{
    private enum Standing { Done, Running, Failed, Left }

    public static int Run(string resultsDirectory, TextWriter output)
    {
        if (!Directory.Exists(resultsDirectory))
        {
            Console.Error.WriteLine($"status: no results folder {resultsDirectory}. Usage: ./runner status RESULTS_DIR (e.g. results/batch-size)");
            return ExitCodes.BadInput;
        }
        SweepFile? sweep;
        SlurmSubmissionFile? submission;
        try
        {
            sweep = SweepFile.Read(resultsDirectory);
            submission = SlurmSubmissionFile.Read(resultsDirectory);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"status: {ex.Message}");
            return ExitCodes.BadInput;
        }
        if (sweep is null || sweep.Trials.Count == 0)
        {
            Console.Error.WriteLine($"status: {resultsDirectory} has no sweep.json planning trials; ./runner sweep writes it as it starts.");
            return ExitCodes.BadInput;
        }

        var claims = TrialClaim.List(resultsDirectory, ClaimOwner.Observer());
        var live = claims.Where(c => c.Alive).ToDictionary(c => c.TrialId, c => c.Owner, StringComparer.Ordinal);
        var locked = SweepLock.IsHeld(resultsDirectory);
        var standings = sweep.Trials.Select(id => StandingOf(TrialFiles.TrialDirectory(resultsDirectory, id), live.ContainsKey(id), locked)).ToList();

        output.WriteLine($"{sweep.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(resultsDirectory))}: {sweep.Trials.Count} trials: " + Counts(standings));
        if (submission is not null)
            output.WriteLine($"Slurm: job array {submission.ArrayJobId} ({submission.Tasks} tasks)" +
                             (submission.ReportJobId is { } report ? $", report job {report} after it" : "") +
                             $"; squeue -j {submission.ArrayJobId} shows what is queued.");
        var shards = submission?.Tasks ?? claims.Select(c => ShardCountOf(c.Owner.Task)).Max(n => (int?)n);
        if (shards is { } count and > 0)
        {
            output.WriteLine();
            output.WriteLine("task  trials  done  running  failed  left");
            for (var task = 0; task < count; task++)
            {
                var mine = standings.Where((_, i) => SweepShard.Owns(i, task, count)).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{task,4}  {mine.Count,6}  {Count(mine, Standing.Done),4}  {Count(mine, Standing.Running),7}  {Count(mine, Standing.Failed),6}  {Count(mine, Standing.Left),4}"));
            }
        }
        if (live.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("running:");
            foreach (var (trialId, owner) in live.OrderBy(p => p.Key, StringComparer.Ordinal)) output.WriteLine($"  {trialId}  {owner}");
        }
        var dead = claims.Where(c => !c.Alive).ToList();
        if (dead.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("claims of tasks that are gone (the next task to reach these trials takes them over):");
            foreach (var (trialId, owner, _) in dead) output.WriteLine($"  {trialId}  {owner}");
        }
        return ExitCodes.Ok;
    }

    private static Standing StandingOf(string trialDirectory, bool claimed, bool locked)
    {
        if (SweepRunner.Done(trialDirectory) is { } outcome) return outcome.Status == TrialStatus.Failed ? Standing.Failed : Standing.Done;
        if (claimed) return Standing.Running;
        TrialOutcome? status = null;
        try { status = StatusFile.Read(trialDirectory); }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException) { }
        if (status is { Status: TrialStatus.Failed }) return Standing.Failed;
        // a plain sweep on this machine holds the lock: its trials without a status are running
        return locked && status is null && Directory.Exists(trialDirectory) ? Standing.Running : Standing.Left;
    }

    private static int Count(IEnumerable<Standing> standings, Standing standing) => standings.Count(s => s == standing);

    private static string Counts(IReadOnlyList<Standing> s) =>
        $"{Count(s, Standing.Done)} done, {Count(s, Standing.Running)} running, {Count(s, Standing.Failed)} failed, {Count(s, Standing.Left)} left";

    private static int ShardCountOf(string task) =>
        ShardPattern().Match(task) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"shard [0-9]+/([0-9]+)")]
    private static partial Regex ShardPattern();
}
