using Lab.Core;

namespace Lab.Agent;

/// <summary>The config's epsilon keys as the core's pure schedule, and which counter drives it.</summary>
public static class ExplorationSchedule
{
    public static EpsilonSchedule From(EpsilonConfig epsilon) => epsilon.Schedule switch
    {
        "constant" => EpsilonSchedule.NewConstant(epsilon.Start),
        "multiplicative" => EpsilonSchedule.NewMultiplicative(epsilon.Start, epsilon.Min, epsilon.Decay),
        "linear" => EpsilonSchedule.NewLinear(epsilon.Start, epsilon.Min, epsilon.DecaySteps),
        var other => throw new ArgumentException($"unknown epsilon schedule '{other}'"),
    };

    /// <summary>Multiplicative decay ticks once per update round ("per replay", notebooks 000/002); linear per env step.</summary>
    public static bool CountsUpdates(EpsilonConfig epsilon) => epsilon.Schedule == "multiplicative";
}
