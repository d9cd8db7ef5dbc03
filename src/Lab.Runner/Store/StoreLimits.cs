namespace Lab.Runner.Store;

/// <summary>
/// The largest files the Store reads (docs/ARCHITECTURE.md, "Size caps"): a damaged or hostile file in a
/// results folder costs its trial (reported by name), never the process's memory. Each cap is far above
/// what the runner writes.
/// </summary>
internal static class StoreLimits
{
    /// <summary>trial.json, status.json, mlflow.json: a few kilobytes as written (parameters, a reason, sync rows).</summary>
    public const int MaxTrialJsonBytes = 4 << 20;

    /// <summary>sweep.json: the grid's text (at most 1 MiB) and up to 100,000 trial ids.</summary>
    public const int MaxSweepJsonBytes = 64 << 20;

    /// <summary>metrics.csv, timing.csv, eval.csv: about 130 bytes a row, so some four million episodes.</summary>
    public const long MaxCsvBytes = 512L << 20;

    /// <summary>One CSV line: rows as written have about 130 characters.</summary>
    public const int MaxCsvLineChars = 64 << 10;
}
