using System.Globalization;
using Lab.Agent;
using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Config;
using Lab.Runner.Progress;
using Spectre.Console;

namespace Lab.Runner.Commands;

/// <summary>
/// <c>runner list presets|envs|experiments|keys</c>: what there is to train, sweep or set, one per
/// line, with the command that uses it. Presets and experiments are read from experiments/ under the
/// working folder, else under the repository the runner was built in.
/// </summary>
public static class ListCommand
{
    public static int Run(ListWhat what, IAnsiConsole console) => what switch
    {
        ListWhat.Presets => Presets(console),
        ListWhat.Envs => Envs(console),
        ListWhat.Experiments => Experiments(console),
        _ => Keys(console),
    };

    private static int Presets(IAnsiConsole console)
    {
        var folder = ExperimentsFolder("presets");
        if (folder is null) return Missing("experiments/presets");
        Say(console, $"Presets in {folder}/ (train one: {Cli.ProgramName} train {Path.Combine(folder, "NAME.yaml")}):");
        foreach (var file in YamlFiles(folder))
        {
            string facts;
            try
            {
                var config = ConfigLoader.Load(file);
                var length = config.TotalSteps is { } steps ? $"{steps:N0} steps" : $"{config.Episodes:N0} episodes";
                facts = $"{config.Env.Name}  {length,-15}";
            }
            catch (ConfigException)
            {
                facts = "(does not load: run it to see why)";
            }
            Say(console, $"  {Path.GetFileNameWithoutExtension(file),-15} {facts} {FirstComment(file)}");
        }
        return ExitCodes.Ok;
    }

    private static int Envs(IAnsiConsole console)
    {
        Say(console, "Environments (env: in a config; max_steps: null takes the cap):");
        var width = Environments.All.Max(e => e.Name.Length) + 1;
        foreach (var env in Environments.All)
            Say(console, $"  {env.Name.PadRight(width)} cap {env.MaxSteps,-5} solved at a mean of {env.SolvedAt.ToString("0.#", CultureInfo.InvariantCulture)} over 100 episodes");
        return ExitCodes.Ok;
    }

    private static int Experiments(IAnsiConsole console)
    {
        var folder = ExperimentsFolder("");
        if (folder is null) return Missing("experiments");
        Say(console, $"Experiments in {folder}/ (run one: {Cli.ProgramName} sweep {Path.Combine(folder, "NAME.yaml")}):");
        foreach (var file in YamlFiles(folder))
        {
            string text;
            try
            {
                var plan = GridLoader.Load(file);
                text = $"{plan.Trials.Count,4} trials  {plan.Question}";
            }
            catch (ConfigException)
            {
                text = "(does not load: run it to see why)";
            }
            Say(console, $"  {Path.GetFileNameWithoutExtension(file),-15} {text}");
        }
        return ExitCodes.Ok;
    }

    private static int Keys(IAnsiConsole console)
    {
        Say(console, $"Config keys and their defaults (docs/CONFIG.md; set one with {Cli.ProgramName} train CONFIG key=value):");
        var defaults = new TrainConfig();
        foreach (var leaf in ConfigSchema.Leaves)
        {
            var kind = leaf.Kind == ValueKind.Word
                ? string.Join(" | ", ConfigVocabulary.WordsOf(leaf.Type))
                : leaf.KindText + (leaf.Nullable ? " or null" : "");
            Say(console, $"  {leaf.Path,-26} {ConfigParams.Get(defaults, leaf.Path),-16} {kind}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>experiments/[sub] under the working folder, else under the repository the runner was built in; null when neither has it.</summary>
    private static string? ExperimentsFolder(string sub)
    {
        var here = Path.Combine("experiments", sub).TrimEnd(Path.DirectorySeparatorChar);
        if (Directory.Exists(here)) return here;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "experiments", sub);
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "DqnLab.sln")))
                return Path.GetRelativePath(Environment.CurrentDirectory, candidate).TrimEnd(Path.DirectorySeparatorChar);
        }
        return null;
    }

    private static IEnumerable<string> YamlFiles(string folder) =>
        Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal);

    /// <summary>The file's first comment line: what the preset reproduces.</summary>
    private static string FirstComment(string file) =>
        File.ReadLines(file).FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#', ' ') ?? "";

    private static int Missing(string folder)
    {
        Console.Error.WriteLine($"list: no {folder} folder here or in the repository the runner was built in; run it from the repository root");
        return ExitCodes.BadInput;
    }

    /// <summary>One line, cut to the terminal's width so that each entry stays on its row.</summary>
    private static void Say(IAnsiConsole console, string line) =>
        console.WriteLine(ProgressText.Shorten(line, console.Profile.Width - 1));
}
