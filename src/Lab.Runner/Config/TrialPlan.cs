using Lab.Agent;

namespace Lab.Runner.Config;

/// <summary>One trial of a grid: who it is (<see cref="TrialInfo"/>) and the resolved config it trains with.</summary>
/// <param name="Trial">Its id (variant, axis values, seed, then 8 hex digits of FNV-1a over the resolved
/// config's YAML and the seed: the same resolved config and seed give the same id on any machine), the
/// grid's name as its experiment, its config label ("variant=dqn2 batch_size=512 memory=10000"; "" when
/// the grid has a single cell), its replicate (the same replicate of two configs has the same seed), its
/// seed (= Config.Seed) and its params (ConfigParams.Flatten(Config), plus "variant" when the grid has
/// variants).</param>
/// <param name="Config">The resolved, validated config; its Name is the grid's name.</param>
internal sealed record TrialPlan(TrialInfo Trial, TrainConfig Config);
