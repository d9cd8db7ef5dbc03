using Lab.Runner.Store;

namespace Lab.Runner.Reports;

/// <summary>
/// A published claim and how DqnLab tests it on each seed of one reproduction sweep
/// (experiments/reproduce/*.yaml, results/reproduce/&lt;Experiment&gt;/).
/// </summary>
/// <param name="Experiment">The reproduction grid's name, which sweep.json records.</param>
/// <param name="Source">Who claims it: "notebook 000, DQN2".</param>
/// <param name="Claim">The claim in its own words (quoted where the source has words).</param>
/// <param name="Test">How one seed is held to it here, in words.</param>
/// <param name="Measure">What <paramref name="Value"/> is, with its unit.</param>
/// <param name="Value">A seed's measured figure; null when the seed lacks it.</param>
/// <param name="Holds">Whether a seed meets the claim; null where the source makes no checkable claim.</param>
/// <param name="Episodes">The greedy episodes the final evaluation must have for <paramref name="Value"/> to mean what the claim means (null: any).</param>
/// <param name="Cap">Its step cap (null: any).</param>
internal sealed record ReproductionClaim(
    string Experiment,
    string Source,
    string Claim,
    string Test,
    string Measure,
    Func<TrialResult, double?> Value,
    Func<TrialResult, bool>? Holds,
    int? Episodes = null,
    int? Cap = null)
{
    /// <summary>The share that would make the claim hold as a property of the settings (a target, e.g. 18 of 20); null: none set.</summary>
    public (int Of, int Seeds)? Target { get; init; }

    /// <summary>Anything a reader needs besides the numbers (how a preset was chosen); null: nothing.</summary>
    public string? Note { get; init; }

    /// <summary>Whether the seed's final evaluation ran under the claim's protocol.</summary>
    public bool Measured(TrialResult trial) =>
        trial.FinalEvaluation is { } e && (Episodes is null || e.Episodes == Episodes) && (Cap is null || e.MaxSteps == Cap);
}
