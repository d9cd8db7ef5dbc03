using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>One claim as measured: its sweep's folder (null: not run), the seeds it was tested on, how many met it and the measured values.</summary>
/// <param name="MetCi">Exact 95% interval of Met / Measured.Count; NaN without seeds or without a claim to test.</param>
internal sealed record ReproductionRow(
    ReproductionClaim Claim,
    ResultsFolder? Folder,
    IReadOnlyList<TrialResult> Measured,
    int Met,
    ConfidenceInterval MetCi,
    IReadOnlyList<double> Values);
