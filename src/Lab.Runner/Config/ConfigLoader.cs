using Lab.Agent;

namespace Lab.Runner.Config;

/// <summary>
/// A YAML config file to a validated <see cref="TrainConfig"/>. Keys are the snake_case of the
/// properties (docs/CONFIG.md lists them all); a top-level <c>base: other.yaml</c> (relative to the
/// file) is loaded first and the file's keys override it, sections merging key by key. Shorthands:
/// <c>target_update: episode | none | steps | N</c> (N env steps) and <c>train_every: episode</c> (= 0).
/// <c>--set key=value</c> overrides come last: dotted keys, values parsed as YAML.
/// Any problem throws a <see cref="ConfigException"/> listing all of them with file, line, column and key.
/// </summary>
internal static class ConfigLoader
{
    /// <summary>Where problems of `runner train --seed N` are reported.</summary>
    public const string SeedSource = "--seed";

    /// <summary>Loads, applies <paramref name="sets"/> ("epsilon.min=0.01", "network.hidden=[64,64]") and validates.</summary>
    /// <param name="seed">`runner train --seed`: set last, and checked like the config's own seed.</param>
    /// <exception cref="ConfigException">The file is missing or malformed, or a key or value is wrong.</exception>
    public static TrainConfig Load(string path, IEnumerable<string>? sets = null, long? seed = null)
    {
        var errors = new List<ConfigError>();
        var layers = ConfigFiles.Layers(path, null, errors);
        return Resolve(path, layers, sets, errors, seed);
    }

    /// <summary>Like <see cref="Load"/> for YAML text; <paramref name="source"/> names it in messages
    /// and anchors a <c>base:</c> path (relative to its folder).</summary>
    public static TrainConfig Parse(string yaml, string source = "<text>", IEnumerable<string>? sets = null)
    {
        var errors = new List<ConfigError>();
        var layers = ConfigFiles.Layers(source, YamlReader.Parse(yaml, source, errors), errors);
        return Resolve(source, layers, sets, errors);
    }

    private static TrainConfig Resolve(string source, List<YMapping> layers, IEnumerable<string>? sets, List<ConfigError> errors,
        long? seed = null)
    {
        if (errors.Count > 0) throw new ConfigException(errors);
        var builder = new ConfigBuilder(source, errors);
        foreach (var layer in layers) builder.Apply(layer);
        foreach (var set in ConfigFiles.ParseSets(sets, errors)) builder.Assign(set.Key, set.KeyNode, set.Value);
        if (seed is { } s)
        {
            var text = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Assign("seed", new YScalar(SeedSource, 0, 0, "seed", plain: true), new YScalar(SeedSource, 0, 0, text, plain: true));
        }
        var config = builder.Build();
        errors.AddRange(ConfigValidator.Validate(config, builder));
        if (errors.Count > 0) throw new ConfigException(errors);
        return config;
    }
}
