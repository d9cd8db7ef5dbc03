using System.Globalization;
using Lab.Neural;
using Lab.Runner.Bench;
using Lab.Torch.Bench;
using TorchSharp;

// `make bench-compare`: DqnLab's DqnUpdate beside the same update in libtorch (one thread each), per
// shape, in interleaved rounds; prints medians, spreads and the ratio of medians as a Markdown table.
// Rates are updates per second of the thread's CPU time (see ThreadClock).
// With "two-cores" (run unpinned): every shape with the second core a trial with two cores gives its
// updates (DqnUpdate.SecondCoreUseFor), DqnLab with its SecondCore beside libtorch with two intra-op
// threads, per second of wall clock (the machine otherwise idle), in the same interleaved rounds.
// usage: Lab.Torch.Bench [rounds] [seconds per measurement] [two-cores]
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0.5;
var twoCores = args.Length > 2 && args[2] == "two-cores";
var threads = twoCores ? 2 : 1;
torch.set_num_threads(threads);
torch.set_num_interop_threads(1);
using var helper = twoCores ? new SecondCore() : null;
Func<double> clockSeconds = twoCores ? () => System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency : ThreadClock.Seconds;

var cases = new (string Name, NetworkShape Shape, int Batch, bool DoubleDqn)[]
{
    ("4-32-16-8-4-2 (dqn2), 512, double DQN", new(4, [32, 16, 8, 4], 2, Activation.Relu), 512, true),
    ("4-120-84-2 (CleanRL), 128", new(4, [120, 84], 2, Activation.Relu), 128, false),
    ("4-64-64-2, 2048", new(4, [64, 64], 2, Activation.Relu), 2048, false),
    ("4-256-256-2 (rl-zoo), 512", new(4, [256, 256], 2, Activation.Relu), 512, false),
    ("4-256-256-2, 2048", new(4, [256, 256], 2, Activation.Relu), 2048, false),
    ("4-512-512-2, 512", new(4, [512, 512], 2, Activation.Relu), 512, false),
    ("4-512-512-2, 2048", new(4, [512, 512], 2, Activation.Relu), 2048, false),
};

var startLoad = Load();
var lab = cases.Select(c => NeuralBenchmarks.UpdateLoop(c.Shape, c.Batch, c.DoubleDqn, helper)).ToArray();
var libtorch = cases.Select(c => (Action<int>)new TorchUpdate(c.Shape, c.Batch, c.DoubleDqn).Run).ToArray();
var labRates = cases.Select(_ => new List<double>()).ToArray();
var torchRates = cases.Select(_ => new List<double>()).ToArray();

Console.Error.WriteLine($"warming up; then {rounds} rounds × {cases.Length} shapes × 2, {seconds} s each");
for (var i = 0; i < cases.Length; i++)
{
    Rate(lab[i], seconds);
    Rate(libtorch[i], seconds);
}

for (var round = 0; round < rounds; round++)
{
    for (var i = 0; i < cases.Length; i++)
    {
        // Alternate which goes first, so that neither always follows the other's cache state.
        if ((round + i) % 2 == 0)
        {
            labRates[i].Add(Rate(lab[i], seconds));
            torchRates[i].Add(Rate(libtorch[i], seconds));
        }
        else
        {
            torchRates[i].Add(Rate(libtorch[i], seconds));
            labRates[i].Add(Rate(lab[i], seconds));
        }
    }

    Console.Error.WriteLine($"round {round + 1}/{rounds} done");
}

var (peak, clock, lanes) = FmaPeak.Measure();
var timeKind = twoCores ? "wall clock, two threads each (DqnLab: the caller and its SecondCore)" : ThreadClock.Kind;
Console.WriteLine($"{Machine()}; load average {startLoad} at the start; {rounds} interleaved rounds of {seconds} s of {timeKind} per implementation and shape; libtorch {torch.__version__}, {threads} thread(s)");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FMA peak of this core, measured: {peak / 1e9:0} GFLOP/s ({lanes}-lane FMAs, {peak / clock:0} FLOP/cycle at {clock / 1e9:0.00} GHz)"));
if (twoCores)
{
    peak *= 2;
    Console.WriteLine("Percentages below are of two cores' peak, twice that.");
}
Console.WriteLine();
Console.WriteLine("| network, batch | MFLOP/update | DqnLab updates/s, median [min, max] | DqnLab GFLOP/s (% of peak) | libtorch updates/s, median [min, max] | libtorch GFLOP/s (% of peak) | ratio of medians |");
Console.WriteLine("|---|---|---|---|---|---|---|");
for (var i = 0; i < cases.Length; i++)
{
    var flops = NeuralBenchmarks.UpdateFlops(cases[i].Shape, cases[i].Batch, cases[i].DoubleDqn);
    double l = Median(labRates[i]), t = Median(torchRates[i]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {cases[i].Name} | {flops / 1e6:0.00} | {l:N0} [{labRates[i].Min():N0}, {labRates[i].Max():N0}] | {l * flops / 1e9:0} ({100 * l * flops / peak:0}%) | {t:N0} [{torchRates[i].Min():N0}, {torchRates[i].Max():N0}] | {t * flops / 1e9:0} ({100 * t * flops / peak:0}%) | {l / t:0.00}× |"));
}

double Rate(Action<int> run, double seconds)
{
    long done = 0;
    var start = clockSeconds();
    double elapsed;
    while ((elapsed = clockSeconds() - start) < seconds || done < 3)
    {
        run(1);
        done++;
    }

    return done / elapsed;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    var n = sorted.Length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static string Machine()
{
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    return $"{cpu ?? "unknown CPU"}, .NET {Environment.Version}, now load average {Load()}";
}

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
