namespace Lab.Runner;

/// <summary>What the runner's exit code means (docs/ARCHITECTURE.md, "Exit codes").</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A trial failed (divergence, exception); the others ran. `runner report`: some trial's files are damaged.</summary>
    public const int TrialFailed = 1;
    /// <summary>Bad input: command line, config or grid file, missing file, a --out that is no folder, locked results.
    /// Nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary>The results could not be written or read (disk full, read-only, permission denied: EX_IOERR). A sweep
    /// stops launching trials; what is on disk is whole, and running the same command again resumes.</summary>
    public const int IoError = 74;
    /// <summary>A bug in DqnLab (EX_SOFTWARE).</summary>
    public const int InternalError = 70;
    /// <summary>Stopped by Ctrl+C, SIGTERM or SIGHUP; everything so far is on disk.</summary>
    public const int Interrupted = 130;
}
