using System.Reflection;
using System.Text;
using Lab.Agent;

namespace Lab.Runner.Config;

/// <summary>
/// The config's keys, read once from <see cref="TrainConfig"/> by reflection: every public init
/// property, in declaration order, under the snake_case of its name; nested records from this
/// namespace are sections. A property the lead adds to TrainConfig is a YAML key at once.
/// </summary>
internal static class ConfigSchema
{
    public static SchemaNode Root { get; } = Build();

    /// <summary>Every key (sections and leaves) by dotted path.</summary>
    public static IReadOnlyDictionary<string, SchemaNode> ByPath { get; } = Index();

    /// <summary>Every leaf key, depth first in declaration order (the order of docs/CONFIG.md and of written configs).</summary>
    public static IReadOnlyList<SchemaNode> Leaves { get; } = Flatten(Root).ToList();

    private static IEnumerable<SchemaNode> Flatten(SchemaNode section) =>
        section.Children.SelectMany(c => c.IsSection ? Flatten(c) : [c]);

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var afterLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var endsAcronym = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (afterLowerOrDigit || endsAcronym) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static SchemaNode Build()
    {
        var root = new SchemaNode
        {
            Key = "", Path = "", Property = null, Type = typeof(TrainConfig), Kind = ValueKind.Section, Nullable = false,
            Parent = null,
        };
        AddChildren(root);
        return root;
    }

    private static void AddChildren(SchemaNode section)
    {
        var properties = section.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);
        foreach (var p in properties)
        {
            var key = SnakeCase(p.Name);
            var path = section.Path.Length == 0 ? key : section.Path + "." + key;
            var underlying = System.Nullable.GetUnderlyingType(p.PropertyType);
            var nullable = underlying is not null
                           || new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;
            var type = underlying ?? p.PropertyType;
            var kind = KindOf(type, path);
            var node = new SchemaNode
            {
                Key = key, Path = path, Property = p, Type = type, Kind = kind, Nullable = nullable, Parent = section,
            };
            if (kind == ValueKind.Section) AddChildren(node);
            section.Children.Add(node);
        }
    }

    private static ValueKind KindOf(Type type, string path)
    {
        if (type == typeof(int)) return ValueKind.Int;
        if (type == typeof(long)) return ValueKind.Long;
        if (type == typeof(double)) return ValueKind.Double;
        if (type == typeof(bool)) return ValueKind.Bool;
        if (type == typeof(string)) return ValueKind.String;
        if (ConfigVocabulary.Knows(type)) return ValueKind.Word;
        if (type == typeof(IReadOnlyList<int>)) return ValueKind.IntList;
        if (type.IsClass && type.Namespace == typeof(TrainConfig).Namespace && type.GetConstructor(Type.EmptyTypes) is not null)
            return ValueKind.Section;
        throw new InvalidOperationException(
            $"config key '{path}' has type {type.Name}, which the YAML loader does not know; " +
            "use int, long, double, bool, string, a type with words in ConfigVocabulary, IReadOnlyList<int> " +
            "(nullable or not) or a record of those");
    }

    private static Dictionary<string, SchemaNode> Index()
    {
        var all = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        void Walk(SchemaNode n)
        {
            foreach (var c in n.Children)
            {
                all[c.Path] = c;
                if (c.IsSection) Walk(c);
            }
        }
        Walk(Root);
        return all;
    }

    /// <summary>The closest known key to a mistyped one: by the whole dotted path, or by the last part
    /// when the key sits in the wrong section ("learning_rate" → "optimizer.learning_rate").</summary>
    public static string? Suggest(string typedPath, SchemaNode section)
    {
        var lastDot = typedPath.LastIndexOf('.');
        var typedKey = lastDot < 0 ? typedPath : typedPath[(lastDot + 1)..];
        var siblings = section.Children.Select(c => c.Path);
        var near = Spelling.Suggest(typedPath, siblings) ?? Spelling.Suggest(typedPath, ByPath.Keys);
        if (near is not null) return near;
        var sameName = ByPath.Values.Where(n => n.Key == typedKey).Select(n => n.Path).ToList();
        if (sameName.Count > 0) return sameName[0];
        var nearest = Spelling.Suggest(typedKey, ByPath.Values.Select(n => n.Key));
        return nearest is null ? null : ByPath.Values.First(n => n.Key == nearest).Path;
    }

    /// <summary>Reads a leaf or section value from a config.</summary>
    public static object? Get(TrainConfig config, SchemaNode node) =>
        node.Parent is null || node.Property is null
            ? config
            : Get(config, node.Parent) is { } owner ? node.Property.GetValue(owner) : null;
}
