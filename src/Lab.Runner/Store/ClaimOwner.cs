using System.Globalization;

namespace Lab.Runner.Store;

/// <summary>
/// Who holds a trial claim: the process (host, boot, pid, and its start time, so that a reused pid is not
/// mistaken for the owner) and, under Slurm, the job (an array task keeps its job id when requeued).
/// </summary>
/// <param name="Task">How the owner names itself to people: "shard 1/4", or "slurm 1234_1 (shard 1/4)".</param>
/// <param name="SlurmJobId">$SLURM_JOB_ID, the array task's own job id; null outside Slurm.</param>
internal sealed record ClaimOwner(string Host, string BootId, int Pid, string ProcessStart, string Task, string? SlurmJobId)
{
    /// <summary>This process, as shard <paramref name="shardIndex"/> of <paramref name="shardCount"/>.</summary>
    public static ClaimOwner Current(int shardIndex, int shardCount, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var shard = $"shard {shardIndex}/{shardCount}";
        var job = environment("SLURM_JOB_ID");
        var arrayJob = environment("SLURM_ARRAY_JOB_ID");
        var arrayTask = environment("SLURM_ARRAY_TASK_ID");
        var task = job is null ? shard
            : arrayJob is not null && arrayTask is not null ? $"slurm {arrayJob}_{arrayTask} ({shard})"
            : $"slurm {job} ({shard})";
        var pid = Environment.ProcessId;
        return new ClaimOwner(HostName(), CurrentBootId(), pid, ProcessStartOf(pid) ?? "", task, job);
    }

    /// <summary>This process as a judge of others' claims, in no Slurm job (`runner status`).</summary>
    public static ClaimOwner Observer()
    {
        var pid = Environment.ProcessId;
        return new ClaimOwner(HostName(), CurrentBootId(), pid, ProcessStartOf(pid) ?? "", "status", null);
    }

    public static string HostName()
    {
        var name = System.Net.Dns.GetHostName();
        var dot = name.IndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }

    /// <summary>Linux's id of this boot: a pid and its start time are only comparable within one boot.</summary>
    public static string CurrentBootId()
    {
        try { return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return ""; }
    }

    /// <summary>
    /// The start time of process <paramref name="pid"/> in clock ticks since boot (field 22 of
    /// /proc/PID/stat); null when there is no such process or it is a zombie (it has exited).
    /// </summary>
    public static string? ProcessStartOf(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
        // "pid (comm) S ..." where comm may hold spaces and parentheses: the fields start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 20 || fields[0] is "Z" or "X") return null;
        return fields[19];
    }

    /// <summary>
    /// Whether this owner is still at work, as <paramref name="judge"/> (another process) sees it, given when
    /// the claim was last touched. The rule (docs/CLUSTER.md): an earlier run of the judge's own Slurm job is
    /// gone (Slurm runs a job once at a time; a requeued task takes over its claims at once); on the judge's
    /// host and boot, the owner lives while its pid runs with the same start time; elsewhere, while its
    /// heartbeat (the claim's modification time) is younger than <paramref name="staleAfter"/>.
    /// </summary>
    public bool IsAlive(ClaimOwner judge, DateTime lastTouchedUtc, DateTime nowUtc, TimeSpan staleAfter)
    {
        if (SameProcess(judge)) return true;
        if (SlurmJobId is not null && SlurmJobId == judge.SlurmJobId) return false;
        if (Host == judge.Host && BootId == judge.BootId && BootId.Length > 0)
            return ProcessStartOf(Pid) is { } start && start == ProcessStart;
        return nowUtc - lastTouchedUtc < staleAfter;
    }

    public bool SameProcess(ClaimOwner other) =>
        Host == other.Host && BootId == other.BootId && Pid == other.Pid && ProcessStart == other.ProcessStart;

    public override string ToString() => $"{Task} on {Host}, pid {Pid.ToString(CultureInfo.InvariantCulture)}";
}
