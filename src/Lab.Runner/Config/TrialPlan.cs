using Lab.Agent;



namespace Lab.Runner.Config;

/// <summary>One trial of a grid: one resolved config with one seed.</summary>
/// <param name="TrialId">Stable, filesystem-safe, readable: "dqn2-batch_size=512-memory=10000-s3-1a2b3c4d"
/// (variant, axis values, seed, then 8 hex digits of FNV-1a over the resolved config's YAML and the seed).
/// The same resolved config and seed give the same id on any machine.</param>
/// <param name="ConfigLabel">The grid cell for people: "variant=dqn2 batch_size=512 memory=10000"; "" when the grid has a single cell.</param>
/// <param name="Replicate">0-based position of the seed in the grid's seed list: the same replicate of two configs has the same seed.</param>
/// <param name="Seed">The trial's seed (= Config.Seed): every random stream derives from it.</param>
/// <param name="Config">The resolved, validated config; its Name is the grid's name.</param>
/// <param name="Params">ConfigParams.Flatten(Config), plus "variant" when the grid has variants.</param>
public sealed record TrialPlan(
    string TrialId,
    string ConfigLabel,
    int Replicate,
    long Seed,
    TrainConfig Config,
    IReadOnlyDictionary<string, string> Params);
