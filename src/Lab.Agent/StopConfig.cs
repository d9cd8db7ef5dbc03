namespace Lab.Agent;

public sealed record StopConfig
{
    /// <summary>Stop after this many consecutive episodes reach the training cap (notebook 000: 3); null = never.</summary>
    public int? ConsecutiveCaps { get; init; }
}
