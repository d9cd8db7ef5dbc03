namespace Lab.Runner.Config;

/// <summary>
/// The allowed values of the config's string keys, by dotted key. The loader accepts them in any case
/// and stores the spelling given here; the validator lists them when a value is not one of them.
/// </summary>
public static class ConfigVocabulary
{
    public static readonly IReadOnlyList<string> Envs = ["CartPole-v0", "CartPole-v1"];
    public static readonly IReadOnlyList<string> EpsilonSchedules = ["constant", "multiplicative", "linear"];
    public static readonly IReadOnlyList<string> Activations = ["relu", "tanh", "linear"];
    public static readonly IReadOnlyList<string> Inits = ["glorot_uniform", "normal"];
    public static readonly IReadOnlyList<string> Optimizers = ["adam", "rmsprop", "sgd"];
    public static readonly IReadOnlyList<string> Losses = ["mse", "huber"];
    public static readonly IReadOnlyList<string> TargetModes = ["none", "episode", "steps"];

    /// <summary>Dotted key → allowed values.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByKey =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["env"] = Envs,
            ["epsilon.schedule"] = EpsilonSchedules,
            ["network.activation"] = Activations,
            ["network.init"] = Inits,
            ["optimizer.name"] = Optimizers,
            ["loss"] = Losses,
            ["target_update.mode"] = TargetModes,
        };

    /// <summary>The canonical spelling of <paramref name="value"/> for <paramref name="key"/>, or null if it is not allowed.</summary>
    public static string? Canonical(string key, string value) =>
        ByKey.TryGetValue(key, out var allowed)
            ? allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
            : value;
}
