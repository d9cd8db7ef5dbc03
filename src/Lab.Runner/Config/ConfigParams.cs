using Lab.Agent;

namespace Lab.Runner.Config;

/// <summary>A config as flat params: MLflow params, trial.json, report columns.</summary>
internal static class ConfigParams
{
    /// <summary>
    /// Every key of <paramref name="config"/> (but <see cref="OptionalSections"/> left at their defaults) under its dotted name, value as invariant text:
    /// <c>epsilon.min</c> = "0.01", <c>network.hidden</c> = "[32, 16, 8, 4]", <c>gamma</c> = "0.99",
    /// <c>max_steps</c> = "null", <c>double_dqn</c> = "true". Sorted by key (ordinal).
    /// </summary>
    public static SortedDictionary<string, string> Flatten(TrainConfig config)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var leaf in ConfigSchema.Leaves.Where(l => !OptionalSections.Omitted(config, l.Path))) result[leaf.Path] = ConfigValues.Format(ConfigSchema.Get(config, leaf));
        return result;
    }

    /// <summary>The value of one dotted key as in <see cref="Flatten"/>; null if there is no such key.</summary>
    public static string? Get(TrainConfig config, string key) =>
        ConfigSchema.ByPath.TryGetValue(key, out var node) && !node.IsSection
            ? ConfigValues.Format(ConfigSchema.Get(config, node))
            : null;

    /// <summary>Every dotted key a config has (leaves only), in docs/CONFIG.md order.</summary>
    public static IReadOnlyList<string> Keys { get; } = ConfigSchema.Leaves.Select(l => l.Path).ToList();
}
