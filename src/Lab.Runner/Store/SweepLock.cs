namespace Lab.Runner.Store;

/// <summary>
/// One writer per results folder: an exclusive lock on results/&lt;name&gt;/.lock, held while a sweep or
/// a train runs and released by the OS even if the process dies (.NET maps FileShare.None to flock on
/// Unix). The file itself stays; only the lock on it matters.
/// </summary>
internal sealed class SweepLock : IDisposable
{
    private readonly FileStream _stream;

    private SweepLock(FileStream stream) => _stream = stream;

    public static SweepLock Acquire(string resultsDirectory)
    {
        Directory.CreateDirectory(resultsDirectory);
        var path = Path.Combine(resultsDirectory, ResultsLayout.LockFile);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var owner = System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId}\n");
            stream.Write(owner);
            stream.Flush();
            return new SweepLock(stream);
        }
        catch (IOException ex) when (IsLockContention(ex))
        {
            throw new SweepLockedException(
                $"Another sweep is writing to {resultsDirectory} (it holds {path}). Wait for it to finish, " +
                "or use --out to write somewhere else.");
        }
    }

    /// <summary>
    /// The lock of a `runner sweep --shard` task: shared (flock LOCK_SH), so the tasks of one sweep work side
    /// by side, each trial claimed on its own (Store/TrialClaim), while a plain sweep or a train, which takes
    /// the lock exclusively, is refused until they end, and refuses them while it runs.
    /// </summary>
    public static SweepLock AcquireShared(string resultsDirectory)
    {
        Directory.CreateDirectory(resultsDirectory);
        var path = Path.Combine(resultsDirectory, ResultsLayout.LockFile);
        try
        {
            if (!File.Exists(path)) File.Open(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite).Dispose();
            // read-only, so that .NET takes LOCK_SH (with write access it would not on NFS)
            return new SweepLock(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        }
        catch (IOException ex) when (IsLockContention(ex))
        {
            throw new SweepLockedException(
                $"A sweep without --shard is writing to {resultsDirectory} (it holds {path}); shards wait for it to finish. " +
                "Wait for it, or use --out to write somewhere else.");
        }
    }

    /// <summary>
    /// The lock is held elsewhere: EWOULDBLOCK from flock on Unix (errno 11), a sharing violation on
    /// Windows. Anything else (read-only disk, missing permissions) is a real I/O error and says so.
    /// </summary>
    private static bool IsLockContention(IOException ex) => ex.HResult is 11 or unchecked((int)0x80070020);

    /// <summary>Whether a sweep or a train holds the lock of <paramref name="resultsDirectory"/> right now; a lock file nobody holds is stale.</summary>
    public static bool IsHeld(string resultsDirectory)
    {
        var path = Path.Combine(resultsDirectory, ResultsLayout.LockFile);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}
