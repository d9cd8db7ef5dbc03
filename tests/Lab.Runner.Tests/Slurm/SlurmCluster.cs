using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Lab.Runner.Tests.Slurm;

/// <summary>
/// The Slurm cluster the tests submit to: whatever `sinfo` reaches (.ci/slurm-up.sh starts a single-node one).
/// Jobs are followed with `scontrol show job`, which needs no accounting database.
/// </summary>
internal static partial class SlurmCluster
{
    private static readonly Lazy<string?> Unreachable = new(() =>
    {
        try
        {
            var (code, output) = Run("sinfo", "-h", "-o", "%T");
            if (code != 0) return $"sinfo failed ({output.Trim()})";
            return Regex.IsMatch(output, "idle|mixed|allocated") ? null : $"no Slurm node takes jobs (sinfo: {output.Trim()})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "sinfo is not on PATH";
        }
    });

    /// <summary>Why no Slurm cluster can be used here, or null when one answers.</summary>
    public static string? WhyUnreachable => Unreachable.Value;

    public static (int Code, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{program} did not answer within 30 s");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>JobState of each job `scontrol show job ID` lists (an array lists every task): task id ("7_2" or "8") → state.</summary>
    public static Dictionary<string, string> States(string jobId)
    {
        var (_, output) = Run("scontrol", "-o", "show", "job", jobId);
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var id = JobIdField().Match(line);
            var task = ArrayTaskField().Match(line);
            var state = StateField().Match(line);
            if (!id.Success || !state.Success) continue;
            var key = task.Success ? $"{ArrayJobField().Match(line).Groups[1].Value}_{task.Groups[1].Value}" : id.Groups[1].Value;
            states[key] = state.Groups[1].Value;
        }
        return states;
    }

    /// <summary>The job id of array task <paramref name="task"/> of <paramref name="arrayJobId"/> (its own, which a requeue keeps).</summary>
    public static string TaskJobId(string arrayJobId, int task)
    {
        var (_, output) = Run("scontrol", "-o", "show", "job", $"{arrayJobId}_{task}");
        return JobIdField().Match(output).Groups[1].Value;
    }

    private static readonly string[] Ended = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE"];

    public static bool HasEnded(string state) => Ended.Contains(state);

    /// <summary>Polls until <paramref name="done"/> holds; fails the test after <paramref name="limit"/> (a guard against a hang, not a measure).</summary>
    public static void WaitUntil(Func<bool> done, TimeSpan limit, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > limit) Assert.Fail($"gave up waiting after {limit.TotalSeconds} s: {what()}");
            Thread.Sleep(250);
        }
    }

    [GeneratedRegex(@"\bJobId=([0-9]+)")]
    private static partial Regex JobIdField();

    [GeneratedRegex(@"\bArrayJobId=([0-9]+)")]
    private static partial Regex ArrayJobField();

    [GeneratedRegex(@"\bArrayTaskId=(\S+)")]
    private static partial Regex ArrayTaskField();

    [GeneratedRegex(@"\bJobState=([A-Z_]+)")]
    private static partial Regex StateField();
}

/// <summary>A test that needs a Slurm cluster: skipped, saying why, when `sinfo` reaches none (start one with .ci/slurm-up.sh).</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.WhyUnreachable is { } why) Skip = $"no Slurm cluster: {why}; .ci/slurm-up.sh starts one (as root)";
    }
}
