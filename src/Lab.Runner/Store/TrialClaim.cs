using System.Globalization;
using System.Text.Json;

namespace Lab.Runner.Store;

/// <summary>
/// A `runner sweep --shard` task's claim on one trial: results/&lt;exp&gt;/.claims/&lt;trial_id&gt;.claim,
/// created atomically (written whole to a temporary name, then linked into place, which fails when a
/// claim is there already, on a local disk as on NFS), so two tasks never run the same trial. The owner
/// touches it (<see cref="Heartbeat"/>) while the trial runs and deletes it when the trial ends. A claim
/// whose owner is gone (<see cref="ClaimOwner.IsAlive"/>) is taken over: the taker first creates
/// &lt;trial_id&gt;.takeover exclusively, checks that the claim is still the dead one, deletes it, and
/// then claims as anyone would; so of two takers of one dead claim only one can win.
/// </summary>
internal sealed class TrialClaim : IDisposable
{
    /// <summary>How often a running trial's claim is touched.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    /// <summary>A claim from another host untouched for this long is dead (ten heartbeats missed).</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    private readonly string _path;
    private readonly string _content;
    private readonly Timer _heartbeat;
    private int _released;

    private TrialClaim(string path, string content, TimeSpan heartbeat)
    {
        _path = path;
        _content = content;
        _heartbeat = new Timer(_ => Heartbeat(), null, heartbeat, heartbeat);
    }

    public string TrialId => Path.GetFileName(_path)[..^ResultsLayout.ClaimSuffix.Length];

    public static string PathOf(string resultsDirectory, string trialId) =>
        Path.Combine(resultsDirectory, ResultsLayout.ClaimsFolder, trialId + ResultsLayout.ClaimSuffix);

    /// <summary>
    /// Claims trial <paramref name="trialId"/> for <paramref name="me"/>, taking over a dead owner's claim;
    /// null when a live owner holds it (<paramref name="holder"/> says who).
    /// </summary>
    public static TrialClaim? TryTake(string resultsDirectory, string trialId, ClaimOwner me, out ClaimOwner? holder,
        TimeSpan? staleAfter = null, TimeSpan? heartbeat = null)
    {
        var path = PathOf(resultsDirectory, trialId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var content = Serialize(me);
        // A free trial is claimed in the first round; a dead claim is removed, then claimed in the next; a claim
        // released while this one looked gets another round.
        for (var round = 0; round < 3; round++)
        {
            if (TryCreate(path, content))
            {
                holder = null;
                return new TrialClaim(path, content, heartbeat ?? HeartbeatInterval);
            }
            var current = Read(path);
            if (current is null) continue; // released meanwhile, or unreadable (being replaced): try again
            var (owner, text, touched) = current.Value;
            if (owner.IsAlive(me, touched, DateTime.UtcNow, staleAfter ?? DefaultStaleAfter))
            {
                holder = owner;
                return null;
            }
            if (!TryRemoveDead(path, text))
            {
                holder = owner;
                return null;
            }
        }
        holder = Read(path)?.Owner;
        return null;
    }

    /// <summary>Whether trial <paramref name="trialId"/> has a claim, live or not.</summary>
    public static bool Exists(string resultsDirectory, string trialId) => File.Exists(PathOf(resultsDirectory, trialId));

    /// <summary>Every claim of a results folder: the trial id, the owner, and whether it is alive as this process judges.</summary>
    public static IReadOnlyList<(string TrialId, ClaimOwner Owner, bool Alive)> List(string resultsDirectory, ClaimOwner judge,
        TimeSpan? staleAfter = null)
    {
        var folder = Path.Combine(resultsDirectory, ResultsLayout.ClaimsFolder);
        if (!Directory.Exists(folder)) return [];
        var claims = new List<(string, ClaimOwner, bool)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*" + ResultsLayout.ClaimSuffix).Order(StringComparer.Ordinal))
        {
            if (Read(file) is not { } claim) continue;
            var trialId = Path.GetFileName(file)[..^ResultsLayout.ClaimSuffix.Length];
            claims.Add((trialId, claim.Owner, claim.Owner.IsAlive(judge, claim.Touched, DateTime.UtcNow, staleAfter ?? DefaultStaleAfter)));
        }
        return claims;
    }

    /// <summary>Touches the claim, so that tasks on other hosts see its owner alive.</summary>
    public void Heartbeat()
    {
        if (Volatile.Read(ref _released) == 1) return;
        try { File.SetLastWriteTimeUtc(_path, DateTime.UtcNow); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a missed heartbeat only brings the takeover of a stuck claim closer
        }
    }

    /// <summary>Deletes the claim if it is still this one (a taker may have judged it dead and replaced it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1) return;
        _heartbeat.Dispose();
        try
        {
            if (Read(_path) is { } current && current.Text == _content) File.Delete(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a claim left behind is taken over once its owner is seen gone
        }
    }

    private static string Serialize(ClaimOwner owner) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["host"] = owner.Host,
            ["boot_id"] = owner.BootId,
            ["pid"] = owner.Pid,
            ["process_start"] = owner.ProcessStart,
            ["task"] = owner.Task,
            ["slurm_job_id"] = owner.SlurmJobId,
            ["claimed_unix_ms"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        }, Options) + "\n";

    /// <summary>The claim at <paramref name="path"/>: owner, exact text, last touch; null when there is none or it cannot be read whole.</summary>
    internal static (ClaimOwner Owner, string Text, DateTime Touched)? Read(string path)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(StoreFile.ReadAllBytes(path, StoreLimits.MaxTrialJsonBytes));
            var touched = File.GetLastWriteTimeUtc(path);
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var pid = int.TryParse(JsonFields.String(root, "pid"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
            var owner = new ClaimOwner(JsonFields.String(root, "host") ?? "", JsonFields.String(root, "boot_id") ?? "", pid,
                JsonFields.String(root, "process_start") ?? "", JsonFields.String(root, "task") ?? "",
                JsonFields.NonBlank(root, "slurm_job_id"));
            return (owner, text, touched);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Creates the claim with its whole content, unless one exists: link(2) of a written temporary file.</summary>
    private static bool TryCreate(string path, string content)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, content);
        try
        {
            return HardLink.TryCreate(temporary, path);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Removes the dead claim whose text is <paramref name="deadText"/>, unless another taker is at it or it changed.</summary>
    private static bool TryRemoveDead(string path, string deadText)
    {
        var marker = path[..^ResultsLayout.ClaimSuffix.Length] + ResultsLayout.TakeoverSuffix;
        // A taker killed between its marker and the claim's removal leaves the marker: after a minute it is
        // void. Existence and age come from one stat: a marker released between two looks would read as
        // written in 1601, and deleting "it" would delete the next taker's fresh marker (two winners).
        var left = new FileInfo(marker);
        if (left.Exists && DateTime.UtcNow - left.LastWriteTimeUtc > TimeSpan.FromMinutes(1))
            TryDelete(marker);
        FileStream stream;
        try { stream = new FileStream(marker, FileMode.CreateNew, FileAccess.Write, FileShare.None); }
        catch (IOException ex) when (HardLink.NameTaken(ex, marker)) { return false; }
        try
        {
            // Only the dead claim itself is deleted: gone already (another taker removed it), there is nothing to
            // delete, and a claim made meanwhile must not be deleted by a look that came before it.
            if (Read(path) is not { } current) return true;
            if (current.Text != deadText) return false;
            TryDelete(path);
            return true;
        }
        finally
        {
            stream.Dispose();
            TryDelete(marker);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
