using System.Diagnostics;
using System.Net.Sockets;
using Lab.Agent;
using Lab.Neural;
using Lab.Runner.Store;
using Lab.Runner.Tests.Mlflow;
using Lab.Runner.Tests.Support;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>
/// The hostile corpus: inputs that once crashed `runner`, exhausted its memory, ended as an internal error
/// or were accepted although they could not run, one or more per class of failure. Each must now end
/// with a message that names the problem and exit code 2, writing nothing.
/// </summary>
public static class HostileCorpus
{
    /// <summary>A config that trains in a fraction of a second: the base the cases break.</summary>
    private const string Tiny = "name: tiny\nepisodes: 2\nmemory: 500\nlearning_starts: 10\nbatch_size: 8\n" +
                                "network: {hidden: [8]}\nevaluation: {episodes: 2}\n";

    /// <summary>Eight levels of lists of ten aliases: 10^8 values if expanded.</summary>
    private static string Laughs(string use) =>
        "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" +
        string.Concat(Enumerable.Range(0, 7).Select(i =>
        {
            var (name, previous) = ((char)('b' + i), (char)('a' + i));
            return $"{name}: &{name} [{string.Join(", ", Enumerable.Repeat("*" + previous, 10))}]\n";
        })) + use;

    private static string[] Train(TempDirectory t, string yaml, params string[] more) => ["train", t.File("bad.yaml", yaml), .. more];

    private static string[] Sweep(TempDirectory t, string yaml, params string[] more) => ["sweep", t.File("grid.yaml", yaml), .. more];

    /// <summary>A model.dqn written by Lab.Neural itself; <paramref name="poison"/> may spoil its weights first.</summary>
    private static string Model(TempDirectory t, string name, NetworkShape shape, Action<float[]>? poison = null)
    {
        var network = new QNetwork(shape, 8, WeightInit.GlorotUniform, 1, null, LossKind.Mse);
        poison?.Invoke(network.Parameters);
        var path = Path.Combine(t.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        network.Save(path);
        return path;
    }

    private static NetworkShape Shape(int inputs, int outputs, params int[] hidden) => new(inputs, hidden, outputs, Activation.Relu);

    private static readonly string[] NoEvaluation = ["greedy episodes", "Saved:"];

    /// <summary>A named pipe (FIFO) at <paramref name="name"/> with no writer: opening it for reading would wait forever.</summary>
    private static string Fifo(TempDirectory t, string name)
    {
        var path = Path.Combine(t.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0) throw new InvalidOperationException($"mkfifo {path} failed");
        return path;
    }

    /// <summary>Bound sockets stay open: .NET deletes a socket's file when the socket is disposed.</summary>
    private static readonly List<Socket> OpenSockets = [];

    /// <summary>A Unix domain socket's file at <paramref name="name"/>.</summary>
    private static string SocketFile(TempDirectory t, string name)
    {
        var path = Path.Combine(t.Path, name);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        lock (OpenSockets) OpenSockets.Add(socket);
        return path;
    }

    /// <summary>A file of <paramref name="bytes"/> that takes no disk: sparse, all zero bytes.</summary>
    private static void Sparse(string path, long bytes)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.SetLength(bytes);
    }

    /// <summary>`runner report` of a sweep of two finished trials, the first one's folder damaged by <paramref name="damage"/>.</summary>
    private static string[] Report(TempDirectory t, Action<string> damage)
    {
        var sweep = SyntheticSweep.Make("hostile", configs: 1, replicates: 2, episodes: 20, status: (_, _) => TrialStatus.Finished);
        var directory = sweep.Write(t.Path);
        damage(Path.Combine(directory, sweep.Trials[0].TrialId));
        return ["report", directory];
    }

    /// <summary>What the report says of a trial it left out (the case adds which file and why).</summary>
    private const string LeftOut = "1 trial's files are damaged (listed above) and left out";

    public static IReadOnlyList<HostileCase> Cases { get; } =
    [
        // Crashes: nesting deep enough to overflow the stack.
        new("thousands of [ in a value", t => Train(t, "gamma: " + new string('[', 10_000) + "\n"), 2,
            ["bad.yaml:1:", "nested more than 64 deep"]),
        new("thousands of nested mappings", t => Train(t, "a: " + string.Concat(Enumerable.Repeat("{a: ", 5_000)) + "\n"), 2,
            ["nested more than 64 deep"]),
        new("thousands of [ in a --set value", t => Train(t, Tiny, "--set", "network.hidden=" + new string('[', 5_000)), 2,
            ["--set", "nested more than 64 deep"]),
        new("thousands of [ in a grid", t => Sweep(t, "base: tiny.yaml\ngrid:\n  gamma: " + new string('[', 10_000) + "\n"), 2,
            ["grid.yaml:3:", "nested more than 64 deep"]),

        // Memory bombs: aliases, devices, huge files and values, huge counts.
        new("billion laughs at a config key", t => Train(t, Laughs("network: {hidden: *h}\n")), 2,
            ["YAML aliases", "1,000,000 characters"]),
        new("billion laughs at a grid axis", t =>
        {
            t.File("tiny.yaml", Tiny);
            return Sweep(t, "base: tiny.yaml\n" + Laughs("grid: {batch_size: *h}\n"), "--yes", "--dry-run");
        }, 2, ["YAML aliases", "1,000,000 characters"]),
        new("base: /dev/zero", t => Train(t, "base: /dev/zero\n"), 2, ["bad.yaml:1:7: base: /dev/zero", "not a regular file"]),
        new("train ''", _ => ["train", ""], 2, ["'': an empty path names no file"]),
        new("sweep ''", _ => ["sweep", ""], 2, ["'': an empty path names no file"]),
        new("a base path with a NUL character", t => Train(t, "base: \"a\\0b\"\n"), 2, ["bad.yaml:1:7: base: a\\u0000b: holds a NUL character"]),
        new("train /dev/zero", _ => ["train", "/dev/zero"], 2, ["/dev/zero", "not a regular file"]),
        new("sweep /dev/zero", _ => ["sweep", "/dev/zero", "--dry-run"], 2, ["/dev/zero", "not a regular file"]),
        new("a 2 MB config file", t => Train(t, "name: " + new string('x', 2 << 20) + "\n"), 2,
            ["bad.yaml", "at most 1,048,576 bytes"]),
        new("a 20,000-character value", t => Train(t, "name: " + new string('x', 20_000) + "\n"), 2,
            ["bad.yaml:1:7", "20,000 characters", "at most 10,000"]),
        new("a 100,000-character --set value", t => Train(t, Tiny, "--set", "name=" + new string('y', 100_000)), 2,
            ["--set", "at most 10,000"]),
        new("50,000 unknown keys", t => Train(t, string.Concat(Enumerable.Range(0, 50_000).Select(i => $"k{i}: 1\n"))), 2,
            ["bad.yaml:1:1: k0: unknown key", "and 49950 more problems"]),
        new("seeds: 1e9 with --yes", t => { t.File("tiny.yaml", Tiny); return Sweep(t, "base: tiny.yaml\nseeds: 1e9\n", "--yes", "--dry-run"); }, 2,
            ["1,000,000,000 trials", "more than 100,000", "even with --yes"]),
        new("seeds that pass the largest seed", t =>
        {
            t.File("tiny.yaml", Tiny);
            return Sweep(t, "base: tiny.yaml\nconfig: {seed: 9223372036854775806}\nseeds: 3\n", "--dry-run");
        }, 2, ["grid.yaml:3:8: seeds:", "largest seed"]),
        new("evaluation.episodes: 2e9", t => Train(t, Tiny, "--set", "evaluation.episodes=2e9"), 2,
            ["--set: evaluation.episodes: 2000000000 is more than 10,000,000"]),

        // Accepted although invalid: names, sizes that pass the ranges but cannot run, seeds, overridden keys.
        new("a name ending in a newline", t => Train(t, "name: \"abc\\n\"\n"), 2, ["name: 'abc\\n' must"]),
        new("a name with an escape sequence", t => Train(t, "name: \"a\\e[31mred\"\n"), 2, ["name: 'a\\u001b[31mred' must"]),
        new("a 300-character name", t => Train(t, "name: " + new string('n', 300) + "\n"), 2,
            ["(300 characters)", "at most 100 characters"]),
        new("a grid name ending in a newline", t => { t.File("tiny.yaml", Tiny); return Sweep(t, "name: \"g\\n\"\nbase: tiny.yaml\n"); }, 2,
            ["grid.yaml:1:7: name: 'g\\n' must"]),
        new("a 300-character variant name", t =>
        {
            t.File("tiny.yaml", Tiny);
            return Sweep(t, $"base: tiny.yaml\nvariants:\n  - {new string('v', 300)}\n  - b\n");
        }, 2, ["a variant name must", "at most 100 characters"]),
        new("memory: 2147483647", t => Train(t, Tiny.Replace("memory: 500", "memory: 2147483647")), 2,
            ["bad.yaml:3:9: memory: 2147483647 transitions is more than a replay memory can hold: at most 536,870,897"]),
        new("--set memory=2147483647", t => Train(t, Tiny, "--set", "memory=2147483647"), 2,
            ["--set: memory: 2147483647 transitions is more than a replay memory can hold"]),
        new("hidden: [100000, 100000]", t => Train(t, Tiny.Replace("hidden: [8]", "hidden: [100000, 100000]")), 2,
            ["network.hidden: a 4-100000-100000-2 network has 10,000,800,002 weights"]),
        new("2,000 hidden layers", t => Train(t, Tiny.Replace("hidden: [8]", "hidden: [" + string.Join(", ", Enumerable.Repeat(4, 2_000)) + "]")), 2,
            ["network.hidden: 2,000 hidden layers", "at most 1024"]),
        new("batch_size: 2000000", t => Train(t, Tiny.Replace("memory: 500", "memory: 2000000").Replace("batch_size: 8", "batch_size: 2000000")), 2,
            ["bad.yaml:5:13: batch_size: 2000000 is more than 1,048,576"]),
        new("a trial larger than any machine's memory", t => Train(t, Tiny, "--set", "batch_size=1000000", "--set", "memory=1000000",
            "--set", "network.hidden=[" + string.Join(",", Enumerable.Repeat(1000, 1000)) + "]"), 2,
            ["batch_size: batches of 1000000 make one trial need about", "GB of memory, more than the", "this machine has"]),
        new("more parallel trials than the memory holds", t =>
        {
            t.File("tiny.yaml", Tiny.Replace("memory: 500", "memory: 500000000"));
            return Sweep(t, "base: tiny.yaml\nseeds: 1000\n", "--jobs", "1000");
        }, 2, ["this machine has"]),
        new("train --seed -1", t => Train(t, Tiny, "--seed", "-1"), 2, ["--seed: seed: must be at least 0, got -1"]),
        new("a variant key that an axis overrides", t =>
        {
            t.File("tiny.yaml", Tiny);
            return Sweep(t, "base: tiny.yaml\nvariants:\n  - {name: a, set: {batch_size: 16}}\ngrid:\n  batch_size: [8, 32]\n", "--dry-run");
        }, 2, ["grid.yaml:3:33: batch_size: 'batch_size' is an axis of this grid (line 5)", "this variant's value"]),
        new("a variant's section key that an axis overrides", t =>
        {
            t.File("tiny.yaml", Tiny);
            return Sweep(t, "base: tiny.yaml\nvariants:\n  - {name: a, config: {epsilon: {min: 0.2}}}\ngrid:\n  epsilon.min: [0.1, 0.3]\n", "--dry-run");
        }, 2, ["epsilon.min: 'epsilon.min' is an axis of this grid", "this variant's value"]),
        new("a grid set key that an axis overrides", t =>
        {
            t.File("tiny.yaml", Tiny);
            return Sweep(t, "base: tiny.yaml\nset: {batch_size: 16}\ngrid:\n  batch_size: [8, 32]\n", "--dry-run");
        }, 2, ["grid.yaml:2:19: batch_size:", "this 'set:' value"]),
        new("epsilon.min dotted and in its section", t => Train(t, Tiny + "epsilon.min: 0.1\nepsilon: {min: 0.2}\n"), 2,
            ["bad.yaml:9:16: epsilon.min: set twice in this file (first at line 8)"]),
        new("target_update shorthand and its mode", t => Train(t, Tiny + "target_update: 1000\ntarget_update.mode: episode\n"), 2,
            ["target_update.mode: set twice in this file"]),
        new("a tab in the indentation", t => Train(t, "network:\n\thidden: [8]\n"), 2, ["bad.yaml:2:1:", "tab"]),
        new("an unknown alias", t => Train(t, "gamma: *nothere\n"), 2, ["bad.yaml:1:8", "unknown YAML alias '*nothere'"]),
        new("binary bytes", t =>
        {
            var path = Path.Combine(t.Path, "bad.yaml");
            File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 256)).ToArray());
            return ["train", path];
        }, 2, ["bad.yaml"]),

        // Output folders that cannot be folders, found before anything runs.
        new("train --out ''", t => Train(t, Tiny, "--out", ""), 2, ["--out: the folder is empty"]),
        new("sweep --out ''", t => { t.File("tiny.yaml", Tiny); return Sweep(t, "base: tiny.yaml\nseeds: 2\n", "--out", ""); }, 2,
            ["--out: the folder is empty"]),
        new("sweep --out FILE", t =>
        {
            t.File("tiny.yaml", Tiny);
            t.File("taken", "a file");
            return Sweep(t, "base: tiny.yaml\nseeds: 2\n", "--out", "taken");
        }, 2, ["--out: taken is a file, not a folder"], Unwanted: ["trials,"]),
        new("train --out under a file", t => { t.File("taken", "a file"); return Train(t, Tiny, "--out", "taken/sub"); }, 2,
            ["--out: taken/sub cannot be a folder", "is a file"], ["taken/sub"]),
        new("a results folder that is a file", t => { t.File("results", "a file"); return Train(t, Tiny); }, 2,
            ["results folder: results/tiny cannot be a folder", "is a file"], ["results/tiny"]),

        // runner eval: the model must fit the env and hold finite weights; nothing is evaluated otherwise.
        new("eval of a one-output model", t => ["eval", Model(t, "model.dqn", Shape(4, 1, 8)), "--episodes", "5"], 2,
            ["a 4-8-1 relu network does not fit CartPole-v1"], Unwanted: NoEvaluation),
        new("eval of a model with three inputs", t => ["eval", Model(t, "model.dqn", Shape(3, 2, 8)), "--episodes", "5"], 2,
            ["a 3-8-2 relu network does not fit CartPole-v1"], Unwanted: NoEvaluation),
        new("eval of a model with NaN weights", t => ["eval", Model(t, "model.dqn", Shape(4, 2, 8), p => p[3] = float.NaN), "--episodes", "5"], 2,
            ["model.dqn: weight 3 is NaN: the network diverged"], Unwanted: NoEvaluation),
        new("eval of a model with infinite weights", t => ["eval", Model(t, "model.dqn", Shape(4, 2, 8), p => p[^1] = float.PositiveInfinity)], 2,
            ["model.dqn: weight 57 is Infinity"], Unwanted: NoEvaluation),
        new("eval of a model another shape than its config.yaml", t =>
        {
            t.File("trial/config.yaml", Tiny.Replace("hidden: [8]", "hidden: [16, 16]"));
            return ["eval", Model(t, "trial/model.dqn", Shape(4, 2, 8)), "--episodes", "5"];
        }, 2, ["wrong shape: the file holds a 4-8-2 relu network, expected 4-16-16-2 relu"], Unwanted: NoEvaluation),
        new("eval of a failed trial's folder", t =>
        {
            Directory.CreateDirectory(Path.Combine(t.Path, "trial"));
            StatusFile.Write(Path.Combine(t.Path, "trial"), new TrialOutcome(TrialStatus.Failed, "TD loss became NaN", 3, 90, 1, null, 0));
            return ["eval", Path.Combine(t.Path, "trial")];
        }, 2, ["the trial failed (TD loss became NaN), so it saved no model"]),
        new("eval ''", _ => ["eval", ""], 2, ["eval: an empty path names no model"]),
        new("eval /dev/zero", _ => ["eval", "/dev/zero"], 2, ["/dev/zero: is a character device", "not a regular file"]),
        new("eval --seed -1", t => ["eval", Model(t, "model.dqn", Shape(4, 2, 8)), "--seed", "-1"], 2,
            ["--seed: must be at least 0, got -1"], Unwanted: NoEvaluation),
        new("eval --episodes 2000000000", t => ["eval", Model(t, "model.dqn", Shape(4, 2, 8)), "--episodes", "2000000000"], 2,
            ["--episodes: must be in [1, 10,000,000]"], Unwanted: NoEvaluation),
        new("eval --episodes 0", t => ["eval", Model(t, "model.dqn", Shape(4, 2, 8)), "--episodes", "0"], 2,
            ["--episodes", "got 0"], Unwanted: NoEvaluation),
        new("eval --out FILE", t =>
        {
            t.File("taken", "a file");
            return ["eval", Model(t, "model.dqn", Shape(4, 2, 8)), "--standard", "--out", Path.Combine(t.Path, "taken")];
        }, 2, ["is a file, not a folder"], ["eval-standard-10000x500-seed1.json"], NoEvaluation),
        // Files that are not regular files: refused by what they are, before they are opened (a named pipe would
        // wait for a writer forever, a device read forever).
        new("train a named pipe", t => ["train", Fifo(t, "x.yaml")], 2, ["x.yaml: is a named pipe (FIFO), not a regular file"]),
        new("sweep a named pipe", t => ["sweep", Fifo(t, "grid.yaml"), "--dry-run"], 2, ["grid.yaml: is a named pipe (FIFO)"]),
        new("base: a named pipe", t => { Fifo(t, "pipe.yaml"); return Train(t, "base: pipe.yaml\n"); }, 2,
            ["bad.yaml:1:7: base: ", "pipe.yaml: is a named pipe (FIFO)"]),
        new("a grid's base: a named pipe", t => { Fifo(t, "pipe.yaml"); return Sweep(t, "base: pipe.yaml\nseeds: 2\n", "--dry-run"); }, 2,
            ["grid.yaml:1:7: base: ", "pipe.yaml: is a named pipe (FIFO)"]),
        new("train a socket", t => ["train", SocketFile(t, "x.yaml")], 2, ["x.yaml: is a socket, not a regular file"]),
        new("train a folder", t => { Directory.CreateDirectory(Path.Combine(t.Path, "x.yaml")); return ["train", Path.Combine(t.Path, "x.yaml")]; }, 2,
            ["x.yaml: is a folder, not a YAML file"]),
        new("eval a named pipe", t => ["eval", Fifo(t, "model.dqn")], 2, ["model.dqn: is a named pipe (FIFO)"], Unwanted: NoEvaluation),
        new("eval a trial folder whose model.dqn is a named pipe", t => { Fifo(t, "trial/model.dqn"); return ["eval", Path.Combine(t.Path, "trial")]; }, 2,
            ["model.dqn: is a named pipe (FIFO)"], Unwanted: NoEvaluation),
        new("eval a model whose config.yaml is a named pipe", t =>
        {
            Fifo(t, "trial/config.yaml");
            return ["eval", Model(t, "trial/model.dqn", Shape(4, 2, 8))];
        }, 2, ["config.yaml: is a named pipe (FIFO)"], Unwanted: NoEvaluation),
        new("play a named pipe", t => ["play", Fifo(t, "model.dqn")], 2, ["model.dqn: is a named pipe (FIFO)"], Unwanted: ["Episode 1"]),
        new("play /dev/zero", _ => ["play", "/dev/zero"], 2, ["/dev/zero: is a character device"], Unwanted: ["Episode 1"]),
        new("render a named pipe", t => ["render", Fifo(t, "model.dqn"), "--out", Path.Combine(t.Path, "e.svg")], 2,
            ["model.dqn: is a named pipe (FIFO)"], ["e.svg", "e-q.svg"]),
        new("play --input a named pipe", t => ["play", Model(t, "model.dqn", Shape(4, 2, 8)), "--assist", "--input", Fifo(t, "keys")], 2,
            ["keys: is a named pipe (FIFO)", "pipe the keys into stdin"], Unwanted: ["Episode 1"]),
        new("play --input /dev/zero", t => ["play", Model(t, "model.dqn", Shape(4, 2, 8)), "--assist", "--input", "/dev/zero"], 2,
            ["/dev/zero: is a character device"], Unwanted: ["Episode 1"]),

        // A results folder with damaged or hostile files: the report names the file, leaves the trial out and
        // goes on (exit 1); nothing is read past the Store's caps. The huge files are sparse: they take no disk.
        new("report of a 5 GB trial.json", t => Report(t, trial => Sparse(Path.Combine(trial, "trial.json"), 5L << 30)), 1,
            ["trial.json: 5,368,709,120 bytes, more than the 4,194,304 a trial.json may have", LeftOut]),
        new("report of a 5 GB status.json", t => Report(t, trial => Sparse(Path.Combine(trial, "status.json"), 5L << 30)), 1,
            ["status.json: 5,368,709,120 bytes, more than the 4,194,304 a status.json may have", LeftOut]),
        new("report of a 1 GB metrics.csv", t => Report(t, trial => Sparse(Path.Combine(trial, "metrics.csv"), 1L << 30)), 1,
            ["metrics.csv: 1,073,741,824 bytes, more than the 536,870,912 a metrics.csv may have", LeftOut]),
        new("report of a metrics.csv line of 100,000 characters", t => Report(t, trial =>
            File.AppendAllText(Path.Combine(trial, "metrics.csv"), new string('9', 100_000) + "\n")), 1,
            ["metrics.csv, line 22: longer than 65,536 characters", LeftOut]),
        new("report of a status.json that is a named pipe", t => Report(t, trial =>
        {
            File.Delete(Path.Combine(trial, "status.json"));
            Fifo(t, Path.Combine(trial, "status.json"));
        }), 1, ["status.json: is a named pipe (FIFO)", LeftOut]),
        new("report of an eval.csv that is a named pipe", t => Report(t, trial =>
        {
            File.Delete(Path.Combine(trial, "eval.csv"));
            Fifo(t, Path.Combine(trial, "eval.csv"));
        }), 1, ["eval.csv: is a named pipe (FIFO)", LeftOut]),
        new("report of a 100 MB sweep.json", t => Report(t, trial => Sparse(Path.Combine(Path.GetDirectoryName(trial)!, "sweep.json"), 100L << 20)), 0,
            ["sweep.json: 104,857,600 bytes, more than the 67,108,864 a sweep.json may have", "without its name, question and trial list"]),

        new("eval --out ''", t => ["eval", Model(t, "model.dqn", Shape(4, 2, 8)), "--out", ""], 2,
            ["--out: the folder is empty"], ["eval-custom-100x500-seed1.json"], NoEvaluation),
    ];
}
