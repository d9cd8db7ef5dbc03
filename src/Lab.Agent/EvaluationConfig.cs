namespace Lab.Agent;

public sealed record EvaluationConfig
{
    /// <summary>Greedy evaluation every N training episodes; 0 = only at the end.</summary>
    public int EveryEpisodes { get; init; } = 50;
    public int Episodes { get; init; } = 20;
    /// <summary>Evaluation cap; null = the env's preset cap (<see cref="Lab.Core.EnvironmentFacts.MaxSteps"/>).</summary>
    public int? MaxSteps { get; init; }
    /// <summary>
    /// Greedy evaluation every N training env steps, mid-episode when N falls inside one (SB3's
    /// EvalCallback eval_freq, on its own env); 0 = none.
    /// </summary>
    public long EverySteps { get; init; }
    /// <summary>Keep the network of the periodic evaluation with the highest mean (ties: the first) as the best checkpoint.</summary>
    public bool KeepBest { get; init; }
    /// <summary>Greedy episodes of the final evaluation (of the final and the best network); null = <see cref="Episodes"/>.</summary>
    public int? FinalEpisodes { get; init; }
}
