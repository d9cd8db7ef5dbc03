using System.Globalization;
using System.Runtime.Intrinsics.X86;
using System.Text;
using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Bench;
using Lab.Runner.Reports;
using Lab.Runner.Store;
using Spectre.Console;

namespace Lab.Runner.Commands;

/// <summary>
/// `./runner bench`: the figures of docs/BENCHMARKS.md, each beside its target and, where the work is
/// arithmetic, the FLOP-bound limit of one core. Single thread unless a row says otherwise.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The benchmark groups, in the order they run; <c>--only</c> takes these names.</summary>
    public static IReadOnlyList<string> Groups { get; } = ["env", "network", "eval", "train", "sweep"];

    public static int Run(BenchArgs args, IAnsiConsole console)
    {
        var only = args.Only ?? [];
        // A name that matches no group would run nothing and still overwrite bench.md.
        foreach (var name in only.Where(o => !Groups.Any(g => g.Contains(o, StringComparison.OrdinalIgnoreCase))))
        {
            Console.Error.WriteLine($"bench: --only {name}: no such benchmark; one of {string.Join(", ", Groups)}");
            return ExitCodes.BadInput;
        }
        if (args.Quick && only.Length > 0 && only.All(o => "sweep".Contains(o, StringComparison.OrdinalIgnoreCase)))
        {
            Console.Error.WriteLine("bench: the sweep benchmark is not measured with --quick; drop --quick to run it");
            return ExitCodes.BadInput;
        }
        bool Wanted(string group) => only.Length == 0 || only.Any(o => group.Contains(o, StringComparison.OrdinalIgnoreCase));

        var rows = new List<BenchResult>();
        void Add(string group, Func<IEnumerable<BenchResult>> measure)
        {
            if (!Wanted(group)) return;
            console.MarkupLineInterpolated($"[grey]measuring {group}...[/]");
            rows.AddRange(measure());
        }

        Add("env", () => EnvBenchmarks.Run(args.Quick));
        Add("network", () => NeuralBenchmarks.Run(args.Quick));
        Add("eval", () => EvaluationBenchmarks.Run(args.Quick));
        Add("train", () => TrainingBenchmarks.Run(args.Quick));
        if (!args.Quick) Add("sweep", () => SweepBenchmarks.Run(quick: false));

        var table = new Table().Title(Markup.Escape(MachineDescription()))
            .AddColumns("benchmark", "measured", "target", "FLOP-bound limit", "", "note");
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Name), Markup.Escape(Format(r.Measured, r.Unit)),
                r.Target is { } t ? Markup.Escape(Format(t, r.Unit)) : "",
                r.FlopLimit is { } f ? Markup.Escape(Format(f, r.Unit)) : "",
                Verdict(r), Markup.Escape(r.Note));
        console.Write(table);

        var markdown = ToMarkdown(rows);
        Directory.CreateDirectory(Path.Combine("results", "bench"));
        var path = Path.Combine("results", "bench", "bench.md");
        AtomicFile.WriteAllText(path, markdown);
        console.MarkupLineInterpolated($"Saved: {path} (copy into docs/BENCHMARKS.md to record a run)");
        return ExitCodes.Ok;
    }

    /// <summary>Lower is better for time and memory units, higher for rates.</summary>
    private static bool LowerIsBetter(string unit) => unit is "s" or "bytes" or "bytes/update" or "bytes/step" or "bytes/transition";

    private static string Verdict(BenchResult r)
    {
        if (r.Target is not { } target) return "";
        var met = LowerIsBetter(r.Unit) ? r.Measured <= target : r.Measured >= target;
        return met ? "[green]met[/]" : "[red]missed[/]";
    }

    private static string Format(double value, string unit)
    {
        var number = Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
        return $"{number} {unit}";
    }

    public static string MachineDescription()
    {
        var isa = Avx512F.IsSupported ? "AVX-512" : Avx2.IsSupported ? "AVX2" : "SSE";
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores, {isa}, .NET {Environment.Version}, {Environment.OSVersion}";
    }

    private static string ToMarkdown(IReadOnlyList<BenchResult> rows)
    {
        var text = new StringBuilder();
        text.AppendLine($"Machine: {MachineDescription()}  ");
        text.AppendLine($"Run: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, `./runner bench`");
        text.AppendLine();
        text.AppendLine("| benchmark | measured | target | FLOP-bound limit | verdict | note |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var verdict = r.Target is null ? "" : Verdict(r).Contains("green") ? "met" : "missed";
            text.AppendLine($"| {r.Name} | {Format(r.Measured, r.Unit)} | {(r.Target is { } t ? Format(t, r.Unit) : "")} | " +
                            $"{(r.FlopLimit is { } f ? Format(f, r.Unit) : "")} | {verdict} | {r.Note} |");
        }
        return text.ToString();
    }
}
