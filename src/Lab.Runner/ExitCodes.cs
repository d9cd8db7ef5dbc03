namespace Lab.Runner;

/// <summary>What the runner's exit code means.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A trial failed (divergence, exception); the others ran.</summary>
    public const int TrialFailed = 1;
    /// <summary>Bad input: command line, config or grid file, missing file.</summary>
    public const int BadInput = 2;
    /// <summary>A file or folder could not be read or written (EX_IOERR).</summary>
    public const int IoError = 74;
    /// <summary>A bug in DqnLab (EX_SOFTWARE).</summary>
    public const int InternalError = 70;
    /// <summary>Stopped by Ctrl+C; everything so far is on disk.</summary>
    public const int Interrupted = 130;
}
