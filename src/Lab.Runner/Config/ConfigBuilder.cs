using System.Reflection;
using Lab.Agent;

namespace Lab.Runner.Config;

/// <summary>
/// Builds a <see cref="TrainConfig"/> from layers of YAML applied in order (base files first, then the
/// file, then overrides): each key a layer gives replaces the value so far, sections merge key by key,
/// lists replace whole. Remembers the node behind every value, so problems point at the line that set it.
/// Wrong types and unknown keys are collected as errors; building goes on with the other keys.
/// </summary>
internal sealed class ConfigBuilder(string defaultSource, List<ConfigError> errors) : IConfigLocations
{
    private readonly Dictionary<string, (object? Value, YNode Node, int Order)> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private Dictionary<string, YNode>? _layer;
    private int _order;

    public string DefaultSource { get; } = defaultSource;

    public YNode? Node(string path) => _values.TryGetValue(path, out var v) ? v.Node : null;

    public int Order(string path) => _values.TryGetValue(path, out var v) ? v.Order : 0;

    public bool Failed(string path) => _failed.Contains(path);

    /// <summary>Every key given a value so far, with the node it came from.</summary>
    public IEnumerable<(string Path, YNode Node)> Assigned => _values.Select(v => (v.Key, v.Value.Node));

    /// <summary>
    /// Applies every entry of a mapping at the top level (keys may be dotted): one layer, such as a file.
    /// A key the layer sets twice, once dotted and once in its section (<c>epsilon.min</c> and
    /// <c>epsilon: {min: ...}</c>), is an error rather than the last one silently winning.
    /// </summary>
    public void Apply(YMapping mapping)
    {
        _layer = new Dictionary<string, YNode>(StringComparer.Ordinal);
        try
        {
            Apply(mapping, ConfigSchema.Root);
        }
        finally
        {
            _layer = null;
        }
    }

    private void Apply(YMapping mapping, SchemaNode section)
    {
        foreach (var (key, value) in mapping.Entries) Assign(section, key.Value, key, value);
    }

    /// <summary>Sets <paramref name="key"/> (dotted, relative to <paramref name="section"/>) from <paramref name="value"/>.</summary>
    public void Assign(SchemaNode section, string key, YNode keyNode, YNode value)
    {
        var path = section.Path.Length == 0 ? key : section.Path + "." + key;
        if (!ConfigSchema.ByPath.TryGetValue(path, out var node))
        {
            var hint = section.Path.Length == 0 && key == "base"
                ? "; 'base' can only be given at the top of a file"
                : section.Path.Length == 0 && key is "question" or "seeds" or "grid" or "variants" or "set" or "config"
                    ? $"; '{key}' belongs in a grid file (./runner sweep), not in a train config"
                    : Spelling.DidYouMean(ConfigSchema.Suggest(path, section));
            errors.Add(At(keyNode, path, "unknown key" + hint));
            return;
        }
        if (node.IsSection)
        {
            if (value is YMapping mapping) Apply(mapping, node);
            else if (!TryShorthand(node, value))
                Fail(node, value, $"expected a mapping of {string.Join(", ", node.Children.Select(c => c.Key))}, " +
                                  $"got {value.Describe()}");
            return;
        }
        if (TryConvert(node, value, out var converted, out var problem)) Set(node.Path, converted, value);
        else Fail(node, problem.Node ?? value, problem.Message);
    }

    /// <summary>Assigns a value given by dotted path from the top (command-line overrides, grid axes).</summary>
    public void Assign(string path, YNode keyNode, YNode value) => Assign(ConfigSchema.Root, path, keyNode, value);

    /// <summary>The config: TrainConfig's defaults with every assigned value in place.</summary>
    public TrainConfig Build() => (TrainConfig)BuildSection(ConfigSchema.Root, new TrainConfig());

    private object BuildSection(SchemaNode section, object instance)
    {
        var copy = CloneRecord(instance);
        foreach (var child in section.Children)
        {
            if (child.IsSection)
            {
                var current = child.Property!.GetValue(copy) ?? Activator.CreateInstance(child.Type)!;
                child.Property.SetValue(copy, BuildSection(child, current));
            }
            else if (_values.TryGetValue(child.Path, out var assigned))
                child.Property!.SetValue(copy, assigned.Value);
        }
        return copy;
    }

    private static object CloneRecord(object instance)
    {
        var clone = instance.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance);
        return clone?.Invoke(instance, null) ?? instance;
    }

    private void Set(string path, object? value, YNode node)
    {
        if (_layer is not null)
        {
            if (_layer.TryGetValue(path, out var first))
            {
                var where = first.Line > 0 ? $" (first at line {first.Line})" : "";
                errors.Add(At(node, path, $"set twice in this file{where}; a dotted key and its section name the same key, so give it once"));
                return;
            }
            _layer[path] = node;
        }
        _values[path] = (value, node, ++_order);
    }

    private void Fail(SchemaNode node, YNode at, string message)
    {
        _failed.Add(node.Path);
        if (node.IsSection)
            foreach (var child in ConfigSchema.ByPath.Values.Where(n => n.Path.StartsWith(node.Path + ".", StringComparison.Ordinal)))
                _failed.Add(child.Path);
        errors.Add(At(at, node.Path, message));
    }

    public static ConfigError At(YNode node, string key, string message) =>
        new(node.Source, node.Line, node.Column, key, message);

    /// <summary>target_update: episode | none | steps | N (env steps).</summary>
    private bool TryShorthand(SchemaNode section, YNode value)
    {
        if (section.Path != "target_update" || value is not YScalar { IsNull: false } scalar) return false;
        if (ConfigVocabulary.TryParse(typeof(TargetUpdateMode), scalar.Value, out var mode))
        {
            Set("target_update.mode", mode, scalar);
            return true;
        }
        if (ConfigValues.TryParseInteger(scalar.Value, out var every) && every is >= int.MinValue and <= int.MaxValue)
        {
            Set("target_update.mode", TargetUpdateMode.Steps, scalar);
            Set("target_update.every", (int)every, scalar);
            return true;
        }
        Fail(section, scalar, $"expected none, episode, a number of env steps or a mapping {{mode, every, tau}}, got {scalar.Describe()}");
        return true;
    }

    private readonly record struct Problem(YNode? Node, string Message);

    private static bool TryConvert(SchemaNode node, YNode value, out object? result, out Problem problem)
    {
        result = null;
        problem = default;
        if (value is YScalar { IsNull: true })
        {
            if (node.Nullable) return true;
            problem = new(value, $"expected {node.KindText}, got null");
            return false;
        }
        if (node.Kind == ValueKind.IntList)
        {
            if (value is not YSequence sequence)
            {
                problem = new(value, $"expected a list of integers such as [64, 64], got {value.Describe()}");
                return false;
            }
            var list = new int[sequence.Items.Count];
            for (var i = 0; i < list.Length; i++)
            {
                if (sequence.Items[i] is not YScalar item || item.IsNull
                    || !ConfigValues.TryParseInteger(item.Value, out var n) || n is < int.MinValue or > int.MaxValue)
                {
                    problem = new(sequence.Items[i], $"expected a list of integers, got {sequence.Items[i].Describe()} at position {i + 1}");
                    return false;
                }
                list[i] = (int)n;
            }
            result = Array.AsReadOnly(list);
            return true;
        }
        if (value is not YScalar scalar)
        {
            problem = new(value, $"expected {node.KindText}, got {value.Describe()}");
            return false;
        }
        var text = scalar.Value;
        switch (node.Kind)
        {
            case ValueKind.Int:
                if (node.Path == "train_every" && text.Equals("episode", StringComparison.OrdinalIgnoreCase))
                {
                    result = 0;
                    return true;
                }
                if (!ConfigValues.TryParseInteger(text, out var i32))
                {
                    problem = new(value, $"expected an integer, got {ConfigText.Quote(text)}");
                    return false;
                }
                if (i32 is < int.MinValue or > int.MaxValue)
                {
                    problem = new(value, $"{ConfigText.Shorten(text)} is too large (at most {int.MaxValue})");
                    return false;
                }
                result = (int)i32;
                return true;
            case ValueKind.Long:
                if (!ConfigValues.TryParseInteger(text, out var i64))
                {
                    problem = new(value, $"expected an integer, got {ConfigText.Quote(text)}");
                    return false;
                }
                result = i64;
                return true;
            case ValueKind.Double:
                if (!ConfigValues.TryParseDouble(text, out var d))
                {
                    problem = new(value, $"expected a number, got {ConfigText.Quote(text)}");
                    return false;
                }
                result = d;
                return true;
            case ValueKind.Bool:
                if (!ConfigValues.TryParseBool(text, out var b))
                {
                    problem = new(value, $"expected true or false, got {ConfigText.Quote(text)}");
                    return false;
                }
                result = b;
                return true;
            case ValueKind.String:
                result = text;
                return true;
            case ValueKind.Word:
                if (ConfigVocabulary.TryParse(node.Type, text, out var word))
                {
                    result = word;
                    return true;
                }
                var words = ConfigVocabulary.WordsOf(node.Type);
                problem = new(value, $"{ConfigText.Quote(text)} is not one of {string.Join(", ", words)}" +
                                     Spelling.DidYouMean(Spelling.Suggest(text, words)));
                return false;
            default:
                problem = new(value, $"expected {node.KindText}, got {value.Describe()}");
                return false;
        }
    }
}
