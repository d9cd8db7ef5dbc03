namespace Lab.Runner.Config;

/// <summary>Reading config files (with their <c>base:</c> chains) and <c>--set</c> overrides as YAML layers.</summary>
internal static class ConfigFiles
{
    public const string SetSource = "--set";

    /// <summary>How a file is named in messages: relative paths stay relative to the working directory.</summary>
    public static string Resolve(string referrer, string relative)
    {
        if (Path.IsPathRooted(relative)) return Path.GetFullPath(relative);
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(referrer) ?? "", relative));
        if (Path.IsPathRooted(referrer)) return full;
        return Path.GetRelativePath(Environment.CurrentDirectory, full);
    }

    /// <summary>Reads a file; null (and an error at <paramref name="referrer"/>, or at the file itself) when it cannot be read.</summary>
    public static string? ReadText(string path, YScalar? referrer, string key, List<ConfigError> errors)
    {
        try
        {
            if (File.Exists(path)) return File.ReadAllText(path);
            var message = Directory.Exists(path) ? "is a folder, not a YAML file" : "file not found";
            errors.Add(referrer is null
                ? new ConfigError(path, 0, 0, "", message)
                : ConfigBuilder.At(referrer, key, $"{path}: {message}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(referrer is null
                ? new ConfigError(path, 0, 0, "", "cannot be read: " + ex.Message)
                : ConfigBuilder.At(referrer, key, $"{path} cannot be read: {ex.Message}"));
        }
        return null;
    }

    /// <summary>
    /// The layers of a config file, base first: the file named by its top-level <c>base:</c> (relative
    /// to the file, recursively), then the file itself without the <c>base</c> key.
    /// </summary>
    public static List<YMapping> Layers(string path, YScalar? referrer, List<ConfigError> errors) =>
        Layers(path, referrer, errors, []);

    private static List<YMapping> Layers(string path, YScalar? referrer, List<ConfigError> errors, List<string> chain)
    {
        var full = Path.GetFullPath(path);
        if (chain.Contains(full, StringComparer.Ordinal))
        {
            var cycle = string.Join(" → ", chain.Append(full).Select(Path.GetFileName));
            errors.Add(ConfigBuilder.At(referrer!, "base", $"the bases form a cycle: {cycle}"));
            return [];
        }
        var text = ReadText(path, referrer, "base", errors);
        if (text is null) return [];
        return Layers(path, YamlReader.Parse(text, path, errors), errors, [.. chain, full]);
    }

    /// <summary>The layers of an already parsed document (a grid's inline config uses this too).</summary>
    public static List<YMapping> Layers(string path, YNode? root, List<ConfigError> errors, List<string>? chain = null)
    {
        if (root is null) return [];
        if (root is not YMapping mapping)
        {
            errors.Add(ConfigBuilder.At(root, "", $"expected a mapping of config keys (lines like 'gamma: 0.99'), got {root.Describe()}"));
            return [];
        }
        var layers = new List<YMapping>();
        if (mapping.Find("base") is { } entry)
        {
            if (entry.Value is YScalar { IsNull: false } basePath && basePath.Value.Length > 0)
                layers.AddRange(Layers(Resolve(path, basePath.Value), basePath, errors, chain ?? [Path.GetFullPath(path)]));
            else
                errors.Add(ConfigBuilder.At(entry.Value, "base", $"expected a file path relative to this file, got {entry.Value.Describe()}"));
            mapping = mapping.Without("base");
        }
        layers.Add(mapping);
        return layers;
    }

    /// <summary>One <c>--set key=value</c>: the dotted key and the value parsed as YAML.</summary>
    public sealed record SetOverride(string Key, YScalar KeyNode, YNode Value);

    public static List<SetOverride> ParseSets(IEnumerable<string>? sets, List<ConfigError> errors)
    {
        var result = new List<SetOverride>();
        foreach (var set in sets ?? [])
        {
            var eq = set.IndexOf('=');
            var key = eq < 0 ? set.Trim() : set[..eq].Trim();
            if (eq < 0 || key.Length == 0)
            {
                errors.Add(new ConfigError(SetSource, 0, 0, key, $"expected key=value (e.g. --set epsilon.min=0.01), got '{set}'"));
                continue;
            }
            var valueText = set[(eq + 1)..];
            var parseErrors = new List<ConfigError>();
            var value = YamlReader.Parse(valueText, SetSource, parseErrors, positions: false);
            if (parseErrors.Count > 0)
            {
                errors.Add(new ConfigError(SetSource, 0, 0, key, $"the value '{valueText}' is not valid YAML: {parseErrors[0].Message}"));
                continue;
            }
            var keyNode = new YScalar(SetSource, 0, 0, key, plain: true);
            result.Add(new SetOverride(key, keyNode, value ?? new YScalar(SetSource, 0, 0, "", plain: true)));
        }
        return result;
    }
}
