namespace Lab.Runner.Config;

/// <summary>Reading config files (with their <c>base:</c> chains) and <c>--set</c> overrides as YAML layers.</summary>
internal static class ConfigFiles
{
    public const string SetSource = "--set";

    /// <summary>How a file is named in messages: relative paths stay relative to the working directory.</summary>
    public static string Resolve(string referrer, string relative)
    {
        if (relative.Contains('\0')) return relative; // no file has such a name: ReadText says so
        if (Path.IsPathRooted(relative)) return Path.GetFullPath(relative);
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(referrer) ?? "", relative));
        if (Path.IsPathRooted(referrer)) return full;
        return Path.GetRelativePath(Environment.CurrentDirectory, full);
    }

    /// <summary>
    /// Reads a config or grid file of at most <see cref="ConfigLimits.MaxFileBytes"/>; null (and an error at
    /// <paramref name="referrer"/>, or at the file itself) when it cannot be read. A device such as
    /// /dev/zero, which reads on forever, is refused after the limit rather than read to the end.
    /// </summary>
    public static string? ReadText(string path, YScalar? referrer, string key, List<ConfigError> errors)
    {
        string message;
        try
        {
            if (string.IsNullOrWhiteSpace(path)) (path, message) = ("''", "an empty path names no file; give a YAML file");
            else if (path.Contains('\0')) message = "holds a NUL character, which no file name has";
            else if (Directory.Exists(path)) message = "is a folder, not a YAML file";
            // asked before opening: opening a named pipe waits for a writer, a device reads forever
            else if (RegularFiles.Problem(path) is { } kind) message = kind + "; give a YAML file";
            else if (!File.Exists(path)) message = "file not found";
            else if (ReadCapped(path, out var text) is { } problem) message = problem;
            else return text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            message = "cannot be read: " + ex.Message;
        }
        errors.Add(referrer is null
            ? new ConfigError(path, 0, 0, "", message)
            : ConfigBuilder.At(referrer, key, $"{path}: {message}"));
        return null;
    }

    /// <summary>The file's text, or why it is not a config file: too large, or not a regular file.</summary>
    private static string? ReadCapped(string path, out string text)
    {
        text = "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = stream.CanSeek ? stream.Length : -1;
        var limit = ConfigLimits.MaxFileBytes;
        if (length > limit)
            return $"is {ConfigText.Count(length)} bytes; a config or grid file may have at most {ConfigText.Count(limit)} bytes";
        var buffer = new byte[limit + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;
        if (read > limit)
            return length >= 0 && length < read
                ? "is not a regular file (a device?); give a YAML file"
                : $"has more than {ConfigText.Count(limit)} bytes; a config or grid file may have at most that";
        using var reader = new StreamReader(new MemoryStream(buffer, 0, read), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        text = reader.ReadToEnd();
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
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0'))
        {
            ReadText(path, referrer, "base", errors);
            return [];
        }
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
                errors.Add(new ConfigError(SetSource, 0, 0, key, $"expected key=value (e.g. --set epsilon.min=0.01), got {ConfigText.Quote(set)}"));
                continue;
            }
            var valueText = set[(eq + 1)..];
            var parseErrors = new List<ConfigError>();
            var value = YamlReader.Parse(valueText, SetSource, parseErrors, positions: false);
            if (parseErrors.Count > 0)
            {
                errors.Add(new ConfigError(SetSource, 0, 0, key, $"the value {ConfigText.Quote(valueText)} is not valid YAML: {parseErrors[0].Message}"));
                continue;
            }
            var keyNode = new YScalar(SetSource, 0, 0, key, plain: true);
            result.Add(new SetOverride(key, keyNode, value ?? new YScalar(SetSource, 0, 0, "", plain: true)));
        }
        return result;
    }
}
