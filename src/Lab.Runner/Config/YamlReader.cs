using System.Text.RegularExpressions;
using YamlDotNet.Core.Events;
using YamlDotNet.Core;

namespace Lab.Runner.Config;

/// <summary>
/// YAML text to <see cref="YNode"/>s through YamlDotNet's parser events, keeping the line and column
/// of every node. Problems (malformed YAML, duplicate keys, several documents) become
/// <see cref="ConfigError"/>s at YamlDotNet's position.
/// </summary>
internal static partial class YamlReader
{
    /// <summary>The single document of <paramref name="text"/>, or null when it is empty (or only comments).</summary>
    /// <param name="positions">false for command-line values: their nodes carry line 0.</param>
    public static YNode? Parse(string text, string source, List<ConfigError> errors, bool positions = true)
    {
        var reader = new Reader(source, errors, positions);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            YNode? root = null;
            if (!parser.Accept<DocumentEnd>(out _)) root = reader.Read(parser);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                errors.Add(reader.Error(second.Start, "",
                    "only one YAML document per file (found a second '---')"));
                return null;
            }
            if (root is YScalar { IsNull: true }) return null;
            return root;
        }
        catch (YamlException ex)
        {
            errors.Add(reader.Error(ex.Start, "", "malformed YAML: " + CleanMessage(ex.Message)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections ("[64, 64" then a key).
            errors.Add(reader.Error(reader.Last, "",
                "malformed YAML: cannot read on from here (is a '[', '{' or quote left open?)"));
            return null;
        }
    }

    /// <summary>YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we print our own position.</summary>
    internal static string CleanMessage(string message)
    {
        var m = PositionPrefix().Match(message);
        var text = m.Success ? message[m.Length..] : message;
        return text.Trim().TrimEnd('.');
    }

    [GeneratedRegex(@"^\s*\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();

    private sealed class Reader(string source, List<ConfigError> errors, bool positions)
    {
        private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);

        /// <summary>The end of the last event read: where a parser failure without a position is reported.</summary>
        public Mark Last { get; private set; } = Mark.Empty;

        private void Advance(IParser parser)
        {
            if (parser.Current is { } current) Last = current.End;
            parser.MoveNext();
        }

        public ConfigError Error(Mark mark, string key, string message) =>
            positions
                ? new ConfigError(source, (int)mark.Line, (int)mark.Column, key, message)
                : new ConfigError(source, 0, 0, key, message);

        private int Line(Mark m) => positions ? (int)m.Line : 0;
        private int Column(Mark m) => positions ? (int)m.Column : 0;

        public YNode Read(IParser parser)
        {
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    Advance(parser);
                    if (_anchors.TryGetValue(alias.Value.Value, out var target)) return target;
                    errors.Add(Error(alias.Start, "", $"unknown YAML alias '*{alias.Value.Value}'"));
                    return new YScalar(source, Line(alias.Start), Column(alias.Start), "", plain: true);
                case Scalar scalar:
                {
                    Advance(parser);
                    var node = new YScalar(source, Line(scalar.Start), Column(scalar.Start), scalar.Value,
                        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);
                    Remember(scalar, node);
                    return node;
                }
                case SequenceStart start:
                {
                    Advance(parser);
                    var items = new List<YNode>();
                    while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(Read(parser));
                    var node = new YSequence(source, Line(start.Start), Column(start.Start), items);
                    Remember(start, node);
                    return node;
                }
                case MappingStart start:
                {
                    Advance(parser);
                    var entries = new List<KeyValuePair<YScalar, YNode>>();
                    var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyMark = parser.Current?.Start ?? start.Start;
                        var key = Read(parser);
                        var value = Read(parser);
                        if (key is not YScalar k || k.IsNull)
                        {
                            errors.Add(Error(keyMark, "", $"a key must be a plain name, got {key.Describe()}"));
                            continue;
                        }
                        if (seen.TryGetValue(k.Value, out var first))
                        {
                            errors.Add(Error(keyMark, k.Value,
                                $"duplicate key (first given at line {first.Line}); give each key once"));
                            continue;
                        }
                        seen[k.Value] = k;
                        entries.Add(new(k, value));
                    }
                    var node = new YMapping(source, Line(start.Start), Column(start.Start), entries);
                    Remember(start, node);
                    return node;
                }
                default:
                    throw new YamlException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty,
                        $"unexpected {parser.Current?.GetType().Name ?? "end of input"}");
            }
        }

        private void Remember(NodeEvent e, YNode node)
        {
            if (!e.Anchor.IsEmpty) _anchors[e.Anchor.Value] = node;
        }
    }
}
