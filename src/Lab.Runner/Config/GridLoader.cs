using System.Globalization;
using Lab.Agent;
using Lab.Core;
using Microsoft.FSharp.Collections;

namespace Lab.Runner.Config;

/// <summary>
/// A grid file (docs/CONFIG.md, "Grid files") to a <see cref="GridPlan"/>: the train config plus what
/// varies. Every expanded config is validated like a train config, and problems point at the grid
/// line that caused them (an axis value, a variant, a --set). All problems are reported together.
/// </summary>
/// <remarks>
/// Layers, later overriding earlier: the base (the variant's own <c>base</c>, else the grid's), the
/// grid's inline <c>config</c>, the grid's <c>set</c>, the variant's <c>config</c> and <c>set</c>,
/// the command line's <c>--set</c>, then the cell's axis values. The trial's name is the grid's name
/// and its seed the replicate's seed.
/// </remarks>
internal static class GridLoader
{
    /// <summary>A grid with more trials than this is refused unless the caller allows it (<c>--yes</c>).</summary>
    public const int MaxTrialsWithoutConfirmation = 10_000;

    private static readonly string[] GridKeys = ["name", "question", "base", "config", "seeds", "set", "grid", "variants"];
    private static readonly string[] VariantKeys = ["name", "base", "config", "set"];

    private sealed record Axis(string Key, YScalar KeyNode, SchemaNode Schema, IReadOnlyList<YNode> Values);

    private sealed class Variant
    {
        public string Name { get; set; } = "";
        public List<YMapping>? Base { get; set; }
        public List<YMapping> Layers { get; } = [];
        /// <summary>The keys the variant itself writes (its config and set, not their bases), which an axis must not hide.</summary>
        public List<YMapping> Own { get; } = [];
    }

    /// <summary>Reads, expands and validates a grid file.</summary>
    /// <param name="path">The grid file; bases inside it are relative to it. A train config works too
    /// when the command line gives it <paramref name="commandLineAxes"/> or <paramref name="commandLineSeeds"/>: it is then
    /// the base of a grid of those.</param>
    /// <param name="sets">Command-line overrides ("episodes=50"), applied to every trial below the axes.</param>
    /// <param name="allowHuge">Run more than <see cref="MaxTrialsWithoutConfirmation"/> trials (<c>--yes</c>).</param>
    /// <param name="commandLineAxes">Command-line axes ("batch_size=64,512"): each replaces the grid's axis of that
    /// key, or comes after the grid's axes.</param>
    /// <param name="commandLineSeeds">Command-line seeds replacing the grid's: a count ("5") or a list ("1,2,3").</param>
    /// <exception cref="ConfigException">Anything wrong, with every problem found.</exception>
    public static GridPlan Load(string path, IEnumerable<string>? sets = null, bool allowHuge = false,
        IEnumerable<string>? commandLineAxes = null, string? commandLineSeeds = null)
    {
        var cliAxes = commandLineAxes?.ToList() ?? [];
        var errors = new List<ConfigError>();
        var text = ConfigFiles.ReadText(path, null, "", errors);
        if (text is null) throw new ConfigException(errors);
        var root = YamlReader.Parse(text, path, errors);
        if (errors.Count > 0) throw new ConfigException(errors);
        if (root is not YMapping grid)
            throw new ConfigException(root is null
                ? new ConfigError(path, 0, 0, "", "the grid file is empty; it needs at least 'base:' or 'config:' (see docs/CONFIG.md)")
                : ConfigBuilder.At(root, "", $"expected a grid (a mapping with name, question, base, seeds, grid, ...), got {root.Describe()}"));
        var trainConfig = IsTrainConfig(grid);
        if (trainConfig && cliAxes.Count == 0 && commandLineSeeds is null)
            throw new ConfigException(new ConfigError(path, 0, 0, "", NotAGrid(path)));

        var name = Path.GetFileNameWithoutExtension(path);
        YNode nameAt = grid;
        var question = "";
        List<YMapping> baseLayers = [];
        var configLayers = new List<YMapping>();
        YMapping? gridSet = null;
        IReadOnlyList<long>? explicitSeeds = null;
        var seedCount = 1;
        YNode countAt = grid;
        YNode seedsAt = grid;
        var gridAxes = new List<Axis>();
        var variants = new List<Variant>();
        // A train config swept from the command line is the base of a grid of the command line's axes and seeds.
        if (trainConfig) baseLayers = ConfigFiles.Layers(path, null, errors);

        foreach (var (keyNode, value) in trainConfig ? [] : grid.Entries)
        {
            switch (keyNode.Value)
            {
                case "name":
                    if (value is YScalar { IsNull: false } n && n.Value.Length > 0) (name, nameAt) = (n.Value, n);
                    else errors.Add(ConfigBuilder.At(value, "name", $"expected the grid's name, got {value.Describe()}"));
                    break;
                case "question":
                    if (value is YScalar q) question = q.IsNull ? "" : q.Value;
                    else errors.Add(ConfigBuilder.At(value, "question", $"expected a sentence, got {value.Describe()}"));
                    break;
                case "base":
                    if (value is YScalar { IsNull: false } b && b.Value.Length > 0)
                        baseLayers = ConfigFiles.Layers(ConfigFiles.Resolve(path, b.Value), b, errors);
                    else errors.Add(ConfigBuilder.At(value, "base", $"expected a config file path relative to this file, got {value.Describe()}"));
                    break;
                case "config":
                    if (value is YMapping c) configLayers = ConfigFiles.Layers(path, c, errors);
                    else if (value is not YScalar { IsNull: true })
                        errors.Add(ConfigBuilder.At(value, "config", $"expected a mapping of config keys, got {value.Describe()}"));
                    break;
                case "seeds":
                    seedsAt = value;
                    (explicitSeeds, seedCount) = ReadSeeds(value, errors);
                    break;
                case "set":
                    if (value is YMapping s) gridSet = s;
                    else if (value is not YScalar { IsNull: true })
                        errors.Add(ConfigBuilder.At(value, "set", $"expected a mapping of overrides such as {{episodes: 150}}, got {value.Describe()}"));
                    break;
                case "grid":
                    countAt = keyNode;
                    ReadAxes(value, gridAxes, errors);
                    break;
                case "variants":
                    ReadVariants(path, value, variants, errors);
                    break;
                default:
                    errors.Add(ConfigBuilder.At(keyNode, keyNode.Value, UnknownGridKey(keyNode.Value)));
                    break;
            }
        }
        if (!SafeName.IsSafe(name))
            errors.Add(ConfigBuilder.At(nameAt, "name", $"{ConfigText.Quote(name)} must {SafeName.Rule} (it names a results folder)"));

        if (commandLineSeeds is not null)
            (explicitSeeds, seedCount) = ReadSeeds(CommandLineSeeds(commandLineSeeds, errors), errors);
        var axes = WithCommandLineAxes(gridAxes, cliAxes, errors);

        var overrides = ConfigFiles.ParseSets(sets, errors);
        foreach (var set in overrides)
        foreach (var axis in axes)
            if (Overlaps(set.Key, axis.Key))
                errors.Add(new ConfigError(ConfigFiles.SetSource, 0, 0, set.Key,
                    $"'{axis.Key}' is an axis of this grid ({(axis.KeyNode.Line > 0 ? $"line {axis.KeyNode.Line}" : AxisSource)}); " +
                    "its values would override --set"));
        // The grid's set and a variant's own keys are written for every cell; an axis would silently replace them.
        if (gridSet is not null) CheckNotHidden(gridSet, gridAxes, "this 'set:' value", errors);
        foreach (var variant in variants)
        foreach (var own in variant.Own)
            CheckNotHidden(own, gridAxes, "this variant's value", errors);
        // Problems so far leave the grid expandable (bad axes and variants were left out), so the
        // expanded configs are still checked and everything is reported at once.

        var variantCount = Math.Max(variants.Count, 1);
        var total = Grid.TrialCount(variantCount, ListModule.OfSeq(axes.Select(a => a.Values.Count)), seedCount);
        if (total > ConfigLimits.MaxTrials || (total > MaxTrialsWithoutConfirmation && !allowHuge))
        {
            var parts = new List<string>();
            if (variants.Count > 0) parts.Add($"{variants.Count} variants");
            parts.AddRange(axes.Select(a => $"{a.Values.Count} {a.Key}"));
            parts.Add($"{seedCount} seeds");
            var count = $"{total.ToString("N0", CultureInfo.InvariantCulture)} trials ({string.Join(" × ", parts)}) is more than ";
            errors.Add(ConfigBuilder.At(countAt, countAt == grid ? "" : "grid", total > ConfigLimits.MaxTrials
                ? count + $"{ConfigText.Count(ConfigLimits.MaxTrials)}, the most one sweep runs (even with --yes); split the grid"
                : count + $"{MaxTrialsWithoutConfirmation.ToString("N0", CultureInfo.InvariantCulture)}; pass --yes to run them anyway"));
            throw new ConfigException(errors);
        }

        if (variants.Count == 0) variants.Add(new Variant());
        var cells = Grid.Expand(ListModule.OfSeq(axes.Select(a => Tuple.Create(a.Key, ListModule.OfSeq(a.Values)))));
        var cellCount = variants.Count * cells.Length;
        var labelled = cellCount > 1;
        var hasVariants = variants.Count > 1 || variants[0].Name.Length > 0;

        var trials = new List<TrialPlan>();
        var cellErrors = new Dictionary<string, (ConfigError Error, string Label, int Cells)>(StringComparer.Ordinal);
        foreach (var variant in variants)
        foreach (var cell in cells)
        {
            var local = new List<ConfigError>();
            var builder = new ConfigBuilder(path, local);
            foreach (var layer in variant.Base ?? baseLayers) builder.Apply(layer);
            foreach (var layer in configLayers) builder.Apply(layer);
            if (gridSet is not null) builder.Apply(gridSet);
            foreach (var layer in variant.Layers) builder.Apply(layer);
            foreach (var set in overrides) builder.Assign(set.Key, set.KeyNode, set.Value);
            foreach (var assignment in cell)
            {
                var axis = axes.First(a => a.Key == assignment.Item1);
                builder.Assign(axis.Key, axis.KeyNode, assignment.Item2);
            }
            var config = builder.Build() with { Name = name };
            var found = local.Select(e => (Error: e, Cross: false)).Concat(ConfigValidator.ValidateDetailed(config, builder)).ToList();
            if (explicitSeeds is null && config.Seed > long.MaxValue - (seedCount - 1))
                found.Add((ConfigBuilder.At(seedsAt, "seeds",
                    $"{seedCount} replicates from seed {config.Seed} go past the largest seed, {long.MaxValue}"), true));

            var assignments = cell.Select(a => Tuple.Create(a.Item1, AxisText(config, axes.First(x => x.Key == a.Item1), a.Item2))).ToList();
            var fsAssignments = ListModule.OfSeq(assignments);
            var label = labelled ? Grid.Label(variant.Name, fsAssignments) : "";
            if (found.Count > 0)
            {
                foreach (var (e, cross) in found)
                {
                    // An error at this cell's own axis value about that value alone needs no cell label.
                    var atOwnValue = !cross && cell.Any(a => a.Item1 == e.Key && SameNode(e, a.Item2));
                    var key = e.ToString();
                    cellErrors[key] = cellErrors.TryGetValue(key, out var seen)
                        ? seen with { Cells = seen.Cells + 1 }
                        : (e, atOwnValue ? "" : label, 1);
                }
                continue;
            }

            var seeds = explicitSeeds ?? Grid.ReplicateSeeds(config.Seed, seedCount).ToList();
            var idAssignments = labelled ? fsAssignments : FSharpList<Tuple<string, string>>.Empty;
            var idVariant = labelled ? variant.Name : "";
            for (var replicate = 0; replicate < seeds.Count; replicate++)
            {
                var seed = seeds[replicate];
                var trialConfig = config with { Seed = seed };
                var id = Grid.TrialId(idVariant, idAssignments, seed, ConfigWriter.ToYaml(trialConfig));
                var parameters = ConfigParams.Flatten(trialConfig);
                if (hasVariants) parameters["variant"] = variant.Name;
                trials.Add(new TrialPlan(new TrialInfo(id, name, label, replicate, seed, parameters), trialConfig));
            }
        }

        foreach (var (error, label, count) in cellErrors.Values)
            errors.Add(count == cellCount || label.Length == 0
                ? error
                : error with { Message = error.Message + $" (in {label}" + (count > 1 ? $" and {count - 1} more cells)" : ")") });

        if (errors.Count == 0)
        {
            // Two cells that resolve to the same config would run the same trial twice.
            var firstByConfig = new Dictionary<string, TrialPlan>(StringComparer.Ordinal);
            foreach (var trial in trials)
            {
                var resolved = ConfigWriter.ToYaml(trial.Config);
                if (firstByConfig.TryGetValue(resolved, out var first))
                {
                    errors.Add(ConfigBuilder.At(countAt, countAt == grid ? "" : "grid",
                        $"'{first.Trial.ConfigLabel}' and '{trial.Trial.ConfigLabel}' resolve to the same config; remove one of them"));
                    break;
                }
                firstByConfig[resolved] = trial;
            }
        }

        if (errors.Count > 0) throw new ConfigException(errors);
        return new GridPlan(name, question, path, text, trials);
    }

    private const string AxisSource = "--axis";
    private const string SeedsSource = "--seeds";

    /// <summary>
    /// What to do with a train config given to sweep: train it, sweep it from the command line, or base
    /// a grid file on it; the grid's <c>base:</c> is relative to the grid file, suggested beside the
    /// presets folder for a preset (experiments/x-grid.yaml with base: presets/x.yaml).
    /// </summary>
    private static string NotAGrid(string path)
    {
        var folder = Path.GetDirectoryName(path) ?? "";
        var gridFolder = Path.GetFileName(folder) == "presets" ? Path.GetDirectoryName(folder) ?? "" : folder;
        var name = Path.GetFileNameWithoutExtension(path);
        var gridFile = Path.Combine(gridFolder, $"{name}-grid.yaml");
        var basePath = Path.GetRelativePath(gridFolder.Length == 0 ? "." : gridFolder, path).Replace('\\', '/');
        return $"{path} is a train config, not a grid: run it with `{Lab.CommandLine.Cli.ProgramName} train {path}`, " +
               $"sweep it from the command line (`{Lab.CommandLine.Cli.ProgramName} sweep {path} --seeds 5` or " +
               $"`... batch_size=64,512`), or write a grid such as {gridFile} with `base: {basePath}` and " +
               "`seeds:`/`grid:` (see docs/CONFIG.md)";
    }

    /// <summary>--seeds 5 or --seeds 1,2,3, read like a grid's <c>seeds:</c>.</summary>
    private static YNode CommandLineSeeds(string text, List<ConfigError> errors)
    {
        var parts = Lab.CommandLine.Cli.SplitValues(text);
        var yaml = parts.Length > 1 ? "[" + text + "]" : text;
        var parseErrors = new List<ConfigError>();
        var node = YamlReader.Parse(yaml, SeedsSource, parseErrors, positions: false);
        if (parseErrors.Count > 0 || node is null)
        {
            errors.Add(new ConfigError(SeedsSource, 0, 0, "", $"expected a number of replicates (5) or a list of seeds (1,2,3), got '{text}'"));
            return new YScalar(SeedsSource, 0, 0, "1", plain: true);
        }
        return node;
    }

    /// <summary>
    /// The grid's axes with the command line's: an axis of a key the grid already varies gets the new
    /// values in its place (Hydra's command line overrides its config's sweep); a new key comes last.
    /// </summary>
    private static List<Axis> WithCommandLineAxes(List<Axis> gridAxes, List<string> commandLine, List<ConfigError> errors)
    {
        var axes = new List<Axis>(gridAxes);
        foreach (var text in commandLine)
        {
            var eq = text.IndexOf('=');
            var key = eq < 0 ? text.Trim() : text[..eq].Trim();
            var keyNode = new YScalar(AxisSource, 0, 0, key, plain: true);
            if (eq <= 0)
            {
                errors.Add(new ConfigError(AxisSource, 0, 0, key, $"expected key=v1,v2 (e.g. --axis batch_size=64,512), got '{text}'"));
                continue;
            }
            var values = new List<YNode>();
            foreach (var part in Lab.CommandLine.Cli.SplitValues(text[(eq + 1)..]))
            {
                var parseErrors = new List<ConfigError>();
                var value = YamlReader.Parse(part, AxisSource, parseErrors, positions: false);
                if (parseErrors.Count > 0)
                    errors.Add(new ConfigError(AxisSource, 0, 0, key, $"the value '{part}' is not valid YAML: {parseErrors[0].Message}"));
                else values.Add(value ?? new YScalar(AxisSource, 0, 0, "", plain: true));
            }
            var parsed = new List<Axis>();
            ReadAxes(new YMapping(AxisSource, 0, 0, [new(keyNode, new YSequence(AxisSource, 0, 0, values))]), parsed, errors);
            if (parsed.Count == 0) continue;
            var at = axes.FindIndex(a => a.Key == key);
            if (at >= 0) axes[at] = parsed[0];
            else axes.Add(parsed[0]);
        }
        return axes;
    }

    /// <summary>Reports each key of <paramref name="layer"/> that an axis would override in every cell.</summary>
    private static void CheckNotHidden(YMapping layer, List<Axis> axes, string owner, List<ConfigError> errors)
    {
        var probe = new ConfigBuilder(layer.Source, []);
        probe.Apply(layer);
        foreach (var (key, node) in probe.Assigned)
        {
            if (axes.FirstOrDefault(a => Overlaps(key, a.Key)) is not { } axis) continue;
            errors.Add(ConfigBuilder.At(node, key,
                $"'{axis.Key}' is an axis of this grid (line {axis.KeyNode.Line}); its values would override {owner}"));
        }
    }

    /// <summary>A train config given to sweep: none of the keys that make a grid, but config keys at the top.</summary>
    private static bool IsTrainConfig(YMapping file) =>
        !file.Entries.Any(e => e.Key.Value is "grid" or "variants" or "seeds")
        && file.Entries.Any(e => !GridKeys.Contains(e.Key.Value) && ConfigSchema.ByPath.ContainsKey(e.Key.Value));

    private static bool SameNode(ConfigError error, YNode node) =>
        error.Source == node.Source && error.Line == node.Line && error.Column == node.Column;

    private static bool Overlaps(string a, string b) =>
        a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || b.StartsWith(a + ".", StringComparison.Ordinal);

    private static string UnknownGridKey(string key)
    {
        if (ConfigSchema.ByPath.ContainsKey(key))
            return $"not a grid key ({string.Join(", ", GridKeys)}); config keys go under 'set:' (or 'config:'), " +
                   "or under 'grid:' to vary them";
        return "unknown grid key" + Spelling.DidYouMean(Spelling.Suggest(key, GridKeys));
    }

    /// <summary>The axis value as shown in labels: leaves by their resolved value ("0.0001"), sections as written.</summary>
    private static string AxisText(TrainConfig config, Axis axis, YNode value) =>
        axis.Schema.IsSection ? value.ToFlow() : ConfigParams.Get(config, axis.Key) ?? value.ToFlow();

    private static (IReadOnlyList<long>? Explicit, int Count) ReadSeeds(YNode value, List<ConfigError> errors)
    {
        if (value is YScalar s && !s.IsNull)
        {
            if (ConfigValues.TryParseInteger(s.Value, out var n) && n is >= 1 and <= int.MaxValue) return (null, (int)n);
            errors.Add(ConfigBuilder.At(s, "seeds", $"expected a number of replicates (at least 1) or a list of seeds, got {ConfigText.Quote(s.Value)}"));
            return (null, 1);
        }
        if (value is YSequence list)
        {
            if (list.Items.Count == 0)
            {
                errors.Add(ConfigBuilder.At(list, "seeds", "the list of seeds is empty"));
                return (null, 1);
            }
            var seeds = new List<long>();
            var seen = new Dictionary<long, int>();
            foreach (var item in list.Items)
            {
                if (item is YScalar { IsNull: false } x && ConfigValues.TryParseInteger(x.Value, out var seed) && seed >= 0)
                {
                    if (seen.TryGetValue(seed, out var at))
                        errors.Add(ConfigBuilder.At(item, "seeds", $"seed {seed} is given twice (first at position {at})"));
                    else
                    {
                        seeds.Add(seed);
                        seen[seed] = seeds.Count;
                    }
                }
                else errors.Add(ConfigBuilder.At(item, "seeds", $"expected a seed (an integer ≥ 0), got {item.Describe()}"));
            }
            return (seeds, Math.Max(seeds.Count, 1));
        }
        errors.Add(ConfigBuilder.At(value, "seeds", $"expected a number of replicates or a list of seeds, got {value.Describe()}"));
        return (null, 1);
    }

    private static void ReadAxes(YNode value, List<Axis> axes, List<ConfigError> errors)
    {
        if (value is YScalar { IsNull: true }) return;
        if (value is not YMapping mapping)
        {
            errors.Add(ConfigBuilder.At(value, "grid", $"expected a mapping of config keys to lists of values, got {value.Describe()}"));
            return;
        }
        foreach (var (keyNode, values) in mapping.Entries)
        {
            var key = keyNode.Value;
            if (!ConfigSchema.ByPath.TryGetValue(key, out var schema))
            {
                var hint = key is "base" or "seed" ? "" : Spelling.DidYouMean(ConfigSchema.Suggest(key, ConfigSchema.Root));
                errors.Add(ConfigBuilder.At(keyNode, key, "unknown config key in grid" + hint));
                continue;
            }
            if (key == "name")
            {
                errors.Add(ConfigBuilder.At(keyNode, key, "the name is the grid's; vary something else (or use variants)"));
                continue;
            }
            if (values is not YSequence sequence)
            {
                var example = schema.Kind == ValueKind.IntList ? "[[64, 64], [256, 256]]" : "[64, 512]";
                errors.Add(ConfigBuilder.At(values, key, $"expected a list of values such as {example}, got {values.Describe()}"));
                continue;
            }
            if (sequence.Items.Count == 0)
            {
                errors.Add(ConfigBuilder.At(sequence, key, "the axis is empty; give it at least one value"));
                continue;
            }
            if (schema.Kind == ValueKind.IntList && sequence.Items.Any(i => i is YScalar { IsNull: false }))
            {
                var item = sequence.Items.First(i => i is YScalar { IsNull: false });
                errors.Add(ConfigBuilder.At(item, key,
                    $"each value of this axis is a whole list of layer sizes: write [[64, 64], [256, 256]], not {sequence.ToFlow()}"));
                continue;
            }
            axes.Add(new Axis(key, keyNode, schema, sequence.Items));
        }
    }

    private static void ReadVariants(string path, YNode value, List<Variant> variants, List<ConfigError> errors)
    {
        if (value is YScalar { IsNull: true }) return;
        if (value is not YSequence sequence)
        {
            errors.Add(ConfigBuilder.At(value, "variants", $"expected a list of variants such as [{{name: dqn1}}, {{name: dqn2, base: presets/dqn2.yaml}}], got {value.Describe()}"));
            return;
        }
        if (sequence.Items.Count == 0)
            errors.Add(ConfigBuilder.At(sequence, "variants", "the list is empty; leave 'variants' out for a grid without variants"));
        var names = new Dictionary<string, YNode>(StringComparer.Ordinal);
        foreach (var item in sequence.Items)
        {
            YNode? nameNode = null;
            var variant = new Variant();
            if (item is YScalar { IsNull: false } shortName) nameNode = shortName;
            else if (item is YMapping mapping)
            {
                foreach (var (keyNode, v) in mapping.Entries)
                {
                    switch (keyNode.Value)
                    {
                        case "name":
                            nameNode = v;
                            break;
                        case "base":
                            if (v is YScalar { IsNull: false } b && b.Value.Length > 0)
                                variant.Base = ConfigFiles.Layers(ConfigFiles.Resolve(path, b.Value), b, errors);
                            else errors.Add(ConfigBuilder.At(v, "base", $"expected a config file path relative to the grid file, got {v.Describe()}"));
                            break;
                        case "config":
                            if (v is YMapping c)
                            {
                                var layers = ConfigFiles.Layers(path, c, errors);
                                variant.Layers.AddRange(layers);
                                if (layers.Count > 0) variant.Own.Add(layers[^1]);
                            }
                            else errors.Add(ConfigBuilder.At(v, "config", $"expected a mapping of config keys, got {v.Describe()}"));
                            break;
                        case "set":
                            if (v is YMapping s)
                            {
                                variant.Layers.Add(s);
                                variant.Own.Add(s);
                            }
                            else errors.Add(ConfigBuilder.At(v, "set", $"expected a mapping of overrides, got {v.Describe()}"));
                            break;
                        default:
                            var hint = ConfigSchema.ByPath.ContainsKey(keyNode.Value)
                                ? $"; config keys of a variant go under 'set:' (set: {{{keyNode.Value}: ...}})"
                                : Spelling.DidYouMean(Spelling.Suggest(keyNode.Value, VariantKeys));
                            errors.Add(ConfigBuilder.At(keyNode, keyNode.Value, "unknown variant key" + hint));
                            break;
                    }
                }
                if (nameNode is null)
                    errors.Add(ConfigBuilder.At(mapping, "variants", "a variant needs a name, e.g. {name: dqn2, base: presets/dqn2.yaml}"));
            }
            else errors.Add(ConfigBuilder.At(item, "variants", $"expected a variant such as {{name: dqn2, set: {{batch_size: 512}}}}, got {item.Describe()}"));

            if (nameNode is null) continue;
            if (nameNode is not YScalar { IsNull: false } nameScalar || !SafeName.IsSafe(nameScalar.Value))
            {
                errors.Add(ConfigBuilder.At(nameNode, "name", $"a variant name must {SafeName.Rule}, got {nameNode.Describe()}"));
                continue;
            }
            if (names.TryGetValue(nameScalar.Value, out var first))
            {
                errors.Add(ConfigBuilder.At(nameScalar, "name",
                    $"duplicate variant name '{nameScalar.Value}' (first at line {first.Line}); variant names must differ"));
                continue;
            }
            names[nameScalar.Value] = nameScalar;
            variant.Name = nameScalar.Value;
            variants.Add(variant);
        }
    }
}
