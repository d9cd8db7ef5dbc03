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
    /// <remarks>Nesting, alias expansion and value lengths are bounded (<see cref="ConfigLimits"/>): past a
    /// bound the document is reported alone, as malformed YAML is.</remarks>
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
            if (!parser.Accept<DocumentEnd>(out _)) root = reader.Read(parser, 1);
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
        catch (LimitException ex)
        {
            errors.Add(reader.Error(ex.At, "", ex.Message));
            return null;
        }
        catch (YamlException ex)
        {
            var message = CleanMessage(ex.Message);
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTab(text, ex.Start) is { } tab)
                errors.Add(reader.Error(tab, "", "malformed YAML: a tab character; YAML indents with spaces only"));
            else
                errors.Add(reader.Error(ex.Start, "", "malformed YAML: " + message));
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

    /// <summary>
    /// The first tab at or after <paramref name="from"/>: YamlDotNet reports a tab in the indentation at
    /// the start of the value before it, often a line earlier, so the message points at the tab itself.
    /// </summary>
    private static Mark? FirstTab(string text, Mark from)
    {
        var start = (int)Math.Clamp(from.Index, 0, text.Length);
        var index = text.IndexOf('\t', start);
        if (index < 0) return null;
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        var line = 1 + text.AsSpan(0, lineStart).Count('\n');
        return new Mark(index, line, index - lineStart + 1);
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

    /// <summary>A bound of <see cref="ConfigLimits"/> was passed at <see cref="At"/>.</summary>
    private sealed class LimitException(Mark at, string message) : Exception(message)
    {
        public Mark At { get; } = at;
    }

    private sealed class Reader(string source, List<ConfigError> errors, bool positions)
    {
        private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
        private long _aliasExpansion;

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

        /// <param name="depth">1 for the document's root: mappings and lists deeper than
        /// <see cref="ConfigLimits.MaxDepth"/> are refused before they are read, so the recursion is bounded.</param>
        public YNode Read(IParser parser, int depth)
        {
            if (depth > ConfigLimits.MaxDepth && parser.Current is SequenceStart or MappingStart)
                throw new LimitException(parser.Current.Start,
                    $"mappings and lists nested more than {ConfigLimits.MaxDepth} deep; a config needs a few levels");
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    Advance(parser);
                    if (_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        _aliasExpansion += target.Size;
                        if (_aliasExpansion > ConfigLimits.MaxAliasExpansion)
                            throw new LimitException(alias.Start,
                                $"YAML aliases (*name) repeat more than {ConfigText.Count(ConfigLimits.MaxAliasExpansion)} characters; " +
                                "write the values out instead of nesting aliases");
                        return target;
                    }
                    errors.Add(Error(alias.Start, "", $"unknown YAML alias '*{ConfigText.Shorten(alias.Value.Value)}'"));
                    return new YScalar(source, Line(alias.Start), Column(alias.Start), "", plain: true);
                case Scalar scalar:
                {
                    if (scalar.Value.Length > ConfigLimits.MaxScalarLength)
                        throw new LimitException(scalar.Start,
                            $"a value of {ConfigText.Count(scalar.Value.Length)} characters; at most {ConfigText.Count(ConfigLimits.MaxScalarLength)} are allowed");
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
                    while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(Read(parser, depth + 1));
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
                        var key = Read(parser, depth + 1);
                        var value = Read(parser, depth + 1);
                        if (key is not YScalar k || k.IsNull)
                        {
                            errors.Add(Error(keyMark, "", $"a key must be a plain name, got {key.Describe()}"));
                            continue;
                        }
                        if (seen.TryGetValue(k.Value, out var first))
                        {
                            errors.Add(Error(keyMark, ConfigText.Shorten(k.Value),
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
