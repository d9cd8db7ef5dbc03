namespace Lab.Agent;

public sealed record EvaluationConfig
{
    /// <summary>Greedy evaluation every N training episodes; 0 = only at the end.</summary>
    public int EveryEpisodes { get; init; } = 50;
    public int Episodes { get; init; } = 20;
    /// <summary>Evaluation cap; null = the env's preset cap (<see cref="Lab.Core.EnvironmentFacts.MaxSteps"/>).</summary>
    public int? MaxSteps { get; init; }
}
