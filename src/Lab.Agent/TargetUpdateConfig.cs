namespace Lab.Agent;

public sealed record TargetUpdateConfig
{
    /// <summary>none (the naive agent of notebook 004) | episode (sync at episode end) | steps (every `every` env steps).</summary>
    public string Mode { get; init; } = "steps";
    public int Every { get; init; } = 500;
    /// <summary>1 = hard copy; below 1 = Polyak soft update θ' ← τθ + (1-τ)θ'.</summary>
    public double Tau { get; init; } = 1.0;
}
