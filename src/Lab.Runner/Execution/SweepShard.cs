using Lab.Runner.Config;
using Lab.Runner.Store;

namespace Lab.Runner.Execution;

/// <summary>
/// `runner sweep --shard INDEX/COUNT`: this task runs the grid's trials whose index (0-based, in the
/// grid's order, as `--dry-run` lists them from 1) modulo COUNT is INDEX, each under a claim
/// (Store/TrialClaim) that <see cref="Owner"/> holds while it runs. Which trials a shard gets depends on
/// the grid alone, so any number of tasks writes the same files a local sweep would.
/// </summary>
internal sealed record SweepShard(int Index, int Count, ClaimOwner Owner)
{
    /// <summary>Whether trial <paramref name="trialIndex"/> (0-based) belongs to shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    public static bool Owns(int trialIndex, int index, int count) => trialIndex % count == index;

    /// <summary>This shard's trials, in the grid's order.</summary>
    public IReadOnlyList<TrialPlan> Select(IReadOnlyList<TrialPlan> trials) =>
        trials.Where((_, i) => Owns(i, Index, Count)).ToList();

    public override string ToString() => $"{Index}/{Count}";
}
