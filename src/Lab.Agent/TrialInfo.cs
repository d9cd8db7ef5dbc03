namespace Lab.Agent;

/// <summary>Who a trial is: stable id, the grid cell it belongs to, its replicate and seed.</summary>
/// <param name="TrialId">Stable id from the resolved config and replicate, e.g. "dqn2-batch_size=512-memory=10000-s3-c219ad7a".</param>
/// <param name="Experiment">The grid's (or single config's) name.</param>
/// <param name="ConfigLabel">The grid cell without the seed, e.g. "batch_size=512 memory=10000"; "" for a single train.</param>
/// <param name="Replicate">0-based replicate index within the grid cell.</param>
/// <param name="Seed">The trial's seed; every random stream derives from it.</param>
/// <param name="Params">Every resolved hyperparameter under its dotted name, values as invariant strings.</param>
public sealed record TrialInfo(
    string TrialId,
    string Experiment,
    string ConfigLabel,
    int Replicate,
    long Seed,
    IReadOnlyDictionary<string, string> Params);
