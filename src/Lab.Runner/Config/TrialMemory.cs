using System.Globalization;
using Lab.Agent;
using Lab.Core;

namespace Lab.Runner.Config;

/// <summary>
/// About how many bytes one trial of a config allocates, by the config key that drives each part, so that
/// a config that cannot fit is refused before it runs (docs/CONFIG.md, "Limits") rather than failing
/// once training starts. Figures are doubles: a hostile config must not overflow the estimate itself.
/// </summary>
/// <param name="Replay">The replay memory: <c>memory</c> transitions (two observations, action, reward, flag).</param>
/// <param name="Networks">Weights and gradients of the online, target and evaluation networks, the
/// optimizer's two moments and the saved file: <c>network.hidden</c>.</param>
/// <param name="Batches">Activations and backpropagated errors per layer for a <c>batch_size</c> batch.</param>
/// <param name="Evaluation">Greedy evaluation: <c>evaluation.episodes</c> run side by side.</param>
internal sealed record TrialMemory(double Replay, double Networks, double Batches, double Evaluation)
{
    /// <summary>Transitions, activations and evaluations go into arrays padded to this many lanes (QNetwork).</summary>
    private const int Lanes = 16;

    /// <summary>Largest batch a network evaluates at once (the trainer's evaluation network).</summary>
    private const int EvaluationBatch = 1024;

    public double Total => Replay + Networks + Batches + Evaluation;

    /// <summary>The key whose part is largest: where a config that does not fit is reported.</summary>
    public string LargestKey =>
        new[] { (Replay, "memory"), (Networks, "network.hidden"), (Batches, "batch_size"), (Evaluation, "evaluation.episodes") }
            .MaxBy(p => p.Item1).Item2;

    /// <summary>The estimate for <paramref name="config"/> on an env with these observation and action counts.</summary>
    public static TrialMemory Of(TrainConfig config, int observations, int actions)
    {
        var sizes = Layers(config, observations, actions);
        var parameters = Parameters(sizes);
        var units = sizes.Sum(u => (double)u);
        var target = config.TargetUpdate.Mode != TargetUpdateMode.None;
        // float32 weights + gradients per network, two optimizer moments on the online one, 4 bytes per
        // weight in the file written at the end.
        var networks = parameters * (8 * (target ? 3 : 2) + 8 + 4);
        var batch = Padded(config.BatchSize);
        var batches = units * batch * 4.0 * (target ? 3 : 2);
        var evaluationEpisodes = Math.Max(config.Evaluation.Episodes, config.Evaluation.FinalEpisodes ?? 0);
        var evaluationBatch = Padded(Math.Min(evaluationEpisodes, EvaluationBatch));
        // per episode: the env state (4 doubles), its return and whether it reached the cap; a kept best
        // network is one more set of weights
        var evaluation = units * evaluationBatch * 4.0 + evaluationEpisodes * 41.0
                         + (config.Evaluation.KeepBest ? parameters * 4.0 : 0);
        var replay = config.Memory * (2.0 * observations * 4 + 4 + 4 + 1);
        return new TrialMemory(replay, networks, batches, evaluation);
    }

    /// <summary>Input, hidden and output layer widths.</summary>
    public static int[] Layers(TrainConfig config, int observations, int actions) =>
        [observations, .. config.Network.Hidden, actions];

    /// <summary>Weights and biases of a network of these layer widths: Σ in·out + out.</summary>
    public static double Parameters(int[] sizes)
    {
        double count = 0;
        for (var l = 0; l + 1 < sizes.Length; l++) count += (double)sizes[l] * sizes[l + 1] + sizes[l + 1];
        return count;
    }

    /// <summary>A batch as the network's buffers hold it: rounded up to the lane count.</summary>
    public static double Padded(int batch) => Math.Ceiling(batch / (double)Lanes) * Lanes;

    /// <summary>What this process may allocate: the machine's memory, or its container's limit.</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Bytes as people read them: "88.0 GB", "512 MB".</summary>
    public static string Describe(double bytes) =>
        bytes >= 1e9 ? (bytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " GB"
        : (bytes / 1e6).ToString("0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>The observation and action counts of a registered env, or null for an unknown one.</summary>
    public static (int Observations, int Actions)? EnvSizes(string envName) =>
        Environments.TryFacts(envName) is null ? null
        : Environments.Create(envName, 0) is var env ? (env.ObservationSize, env.ActionCount) : null;
}
