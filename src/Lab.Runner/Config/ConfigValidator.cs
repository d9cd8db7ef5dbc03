using Lab.Agent;
using Lab.Core;
using Lab.Neural;

namespace Lab.Runner.Config;

/// <summary>
/// The ranges of docs/CONFIG.md, checked on a resolved <see cref="TrainConfig"/>. Every problem is
/// reported (not only the first), each at the line that set the value, or at the file when the value
/// is a default. A check that involves a key whose value could not be read is skipped.
/// </summary>
internal static class ConfigValidator
{
    /// <summary>The most greedy episodes one evaluation runs side by side (`runner eval --episodes` too).</summary>
    public const int MaxEvaluationEpisodes = 10_000_000;

    /// <summary>Problems of a config built in code, located at <paramref name="source"/> (no line).</summary>
    /// <param name="memoryBudget">Bytes one trial may take; null = what this machine has (<see cref="TrialMemory.AvailableBytes"/>).</param>
    public static IReadOnlyList<ConfigError> Validate(TrainConfig config, string source = "config", long? memoryBudget = null) =>
        ValidateDetailed(config, new NoLocations(source), memoryBudget).Select(e => e.Error).ToList();

    internal static List<ConfigError> Validate(TrainConfig c, IConfigLocations where) =>
        ValidateDetailed(c, where).Select(e => e.Error).ToList();

    /// <summary>Problems, each marked when it is about two keys together (memory &lt; batch_size, ...).</summary>
    internal static List<(ConfigError Error, bool Cross)> ValidateDetailed(TrainConfig c, IConfigLocations where,
        long? memoryBudget = null)
    {
        var k = new Checker(where);

        if (!SafeName.IsSafe(c.Name))
            k.Error("name", $"{ConfigText.Quote(c.Name)} must {SafeName.Rule} (it names a results folder)");
        // Words outside a vocabulary are refused as they are read (ConfigBuilder); a config built in
        // code can still name an environment the registry does not know.
        if (Environments.TryFacts(c.Env.Name) is null)
            k.Error("env", $"{ConfigText.Quote(c.Env.Name)} is not one of {string.Join(", ", Environments.Names)}");
        if (c.MaxSteps is { } maxSteps) k.AtLeast("max_steps", maxSteps, 1);
        if (c.Episodes is { } episodes) k.AtLeast("episodes", episodes, 1);
        if (c.TotalSteps is { } totalSteps) k.AtLeast("total_steps", totalSteps, 1);
        if (c.Episodes is null && c.TotalSteps is null)
            k.Cross("episodes and total_steps are both null; set at least one so that training ends", "episodes", "total_steps");
        k.Range("gamma", c.Gamma, 0, 1);

        var e = c.Epsilon;
        k.Range("epsilon.start", e.Start, 0, 1);
        k.Range("epsilon.min", e.Min, 0, 1);
        k.Range("epsilon.decay", e.Decay, 0, 1, lowOpen: true);
        k.AtLeast("epsilon.decay_steps", e.DecaySteps, 1);
        k.AtLeast("epsilon.decay_start", e.DecayStart, 0);
        if (!k.Skipped("epsilon.schedule") && e.Schedule is EpsilonScheduleKind.Multiplicative or EpsilonScheduleKind.Linear
            && e.Min > e.Start && InRange(e.Min) && InRange(e.Start))
            k.Cross(key => key == "epsilon.min"
                    ? $"{ConfigValues.Plain(e.Min)} is above epsilon.start ({ConfigValues.Plain(e.Start)}); ε decays from start down to min"
                    : $"{ConfigValues.Plain(e.Start)} is below epsilon.min ({ConfigValues.Plain(e.Min)}); ε decays from start down to min",
                "epsilon.min", "epsilon.start");

        k.AtLeast("memory", c.Memory, 1);
        k.AtLeast("batch_size", c.BatchSize, 1);
        if (c.Memory >= 1 && c.BatchSize >= 1 && c.Memory < c.BatchSize)
            k.Cross(key => key == "memory"
                    ? $"{c.Memory} is smaller than batch_size ({c.BatchSize}); the replay memory must hold at least one batch"
                    : $"{c.BatchSize} is larger than memory ({c.Memory}); the replay memory must hold at least one batch",
                "memory", "batch_size");
        k.AtLeast("learning_starts", c.LearningStarts, 0);
        k.AtLeast("train_every", c.TrainEvery, 0);
        k.AtLeast("gradient_steps", c.GradientSteps, 1);

        var n = c.Network;
        if (!k.Skipped("network.hidden"))
        {
            if (n.Hidden.Count == 0) k.Error("network.hidden", "the network needs at least one hidden layer, e.g. [64, 64]");
            for (var i = 0; i < n.Hidden.Count; i++)
                if (n.Hidden[i] < 1)
                {
                    k.Error("network.hidden", $"layer {i + 1} has {n.Hidden[i]} units; every layer needs at least 1");
                    break;
                }
        }
        k.Positive("network.init_stddev", n.InitStddev);

        var o = c.Optimizer;
        k.Positive("optimizer.learning_rate", o.LearningRate);
        k.Range("optimizer.beta1", o.Beta1, 0, 1, highOpen: true);
        k.Range("optimizer.beta2", o.Beta2, 0, 1, highOpen: true);
        k.Positive("optimizer.epsilon", o.Epsilon);
        k.Range("optimizer.rho", o.Rho, 0, 1, highOpen: true);
        k.Range("optimizer.momentum", o.Momentum, 0, 1, highOpen: true);
        if (o.ClipNorm is { } clip) k.Positive("optimizer.clip_norm", clip);

        var t = c.TargetUpdate;
        k.AtLeast("target_update.every", t.Every, 1);
        k.Range("target_update.tau", t.Tau, 0, 1, lowOpen: true);

        if (c.Stop.ConsecutiveCaps is { } caps) k.AtLeast("stop.consecutive_caps", caps, 1);

        var v = c.Evaluation;
        k.AtLeast("evaluation.every_episodes", v.EveryEpisodes, 0);
        k.AtLeast("evaluation.episodes", v.Episodes, 1);
        if (v.Episodes > MaxEvaluationEpisodes)
            k.Error("evaluation.episodes", $"{v.Episodes} is more than {ConfigText.Count(MaxEvaluationEpisodes)}; each episode keeps its state in memory");
        if (v.MaxSteps is { } evalSteps) k.AtLeast("evaluation.max_steps", evalSteps, 1);
        k.AtLeast("evaluation.every_steps", v.EverySteps, 0);
        if (v.FinalEpisodes is { } finalEpisodes)
        {
            k.AtLeast("evaluation.final_episodes", finalEpisodes, 1);
            if (finalEpisodes > MaxEvaluationEpisodes)
                k.Error("evaluation.final_episodes", $"{finalEpisodes} is more than {ConfigText.Count(MaxEvaluationEpisodes)}; each episode keeps its state in memory");
        }

        if (c.Teacher.Policy is { } teacher && !k.Skipped("env") && !Teacher.Drives(teacher, c.Env.Name))
            k.Cross($"{ConfigValues.Format(c.Teacher.Controller)} does not drive {c.Env.Name}; choose the teacher of its environment " +
                    "(cartpole_feedback, mountaincar_momentum, acrobot_swing) or none", "teacher.controller", "env");

        k.AtLeast("seed", c.Seed, 0);
        if (k.Found.Count == 0) CheckSizes(c, k, memoryBudget ?? TrialMemory.AvailableBytes());
        return k.Found;
    }

    /// <summary>
    /// What passes every range but cannot run: arrays larger than .NET allows, and trials larger than the
    /// memory this process may use. Checked once the config is otherwise valid.
    /// </summary>
    private static void CheckSizes(TrainConfig c, Checker k, long budget)
    {
        if (TrialMemory.EnvSizes(c.Env.Name) is not var (observations, actions)) return;
        var n = c.Network;
        if (n.Hidden.Count > NetworkShape.MaxHiddenLayers)
            k.Error("network.hidden", $"{ConfigText.Count(n.Hidden.Count)} hidden layers; a network may have at most {NetworkShape.MaxHiddenLayers}");
        var sizes = TrialMemory.Layers(c, observations, actions);
        var shape = string.Join('-', sizes);
        var parameters = TrialMemory.Parameters(sizes);
        if (parameters > NetworkShape.MaxParameters)
            k.Error("network.hidden", $"a {shape} network has {ConfigText.Count(parameters)} weights; a network may have at most " +
                                      $"{ConfigText.Count(NetworkShape.MaxParameters)}");
        if (c.BatchSize > QNetwork.MaxBatchLimit)
            k.Error("batch_size", $"{c.BatchSize} is more than {ConfigText.Count(QNetwork.MaxBatchLimit)}, the largest batch a network takes");
        else if ((double)sizes.Max() * TrialMemory.Padded(c.BatchSize) > Array.MaxLength)
            k.Error("batch_size", $"a batch of {c.BatchSize} through a layer of {sizes.Max()} units is more numbers than one array holds; " +
                                  "use a smaller batch or narrower layers");
        if ((double)c.Memory * observations > Array.MaxLength)
            k.Error("memory", $"{c.Memory} transitions is more than a replay memory can hold: at most " +
                              $"{ConfigText.Count(Array.MaxLength / observations)} for {c.Env.Name}");
        if (k.Found.Count > 0) return;

        var memory = TrialMemory.Of(c, observations, actions);
        if (memory.Total > budget)
        {
            var key = memory.LargestKey;
            var what = key switch
            {
                "memory" => $"{c.Memory} transitions of replay memory",
                "network.hidden" => $"a {shape} network",
                "batch_size" => $"batches of {c.BatchSize}",
                _ => $"{c.Evaluation.Episodes} evaluation episodes side by side",
            };
            k.Error(key, $"{what} make one trial need about {TrialMemory.Describe(memory.Total)} of memory, more than the " +
                         $"{TrialMemory.Describe(budget)} this machine has; make it smaller");
        }
    }

    private static bool InRange(double x) => x is >= 0 and <= 1;

    private sealed class Checker(IConfigLocations where)
    {
        public List<(ConfigError Error, bool Cross)> Found { get; } = [];

        public bool Skipped(params string[] keys) => keys.Any(where.Failed);

        public void Error(string key, string message)
        {
            if (Skipped(key)) return;
            var node = where.Node(key);
            Found.Add((node is null
                ? new ConfigError(where.DefaultSource, 0, 0, key, message)
                : ConfigBuilder.At(node, key, message), false));
        }

        /// <summary>A problem between keys: reported at the one set last (the override that broke it).</summary>
        public void Cross(Func<string, string> message, params string[] keys)
        {
            if (Skipped(keys)) return;
            var key = keys.OrderByDescending(where.Order).First();
            var node = where.Node(key);
            Found.Add((node is null
                ? new ConfigError(where.DefaultSource, 0, 0, key, message(key))
                : ConfigBuilder.At(node, key, message(key)), true));
        }

        public void Cross(string message, params string[] keys) => Cross(_ => message, keys);

        public void Range(string key, double value, double low, double high, bool lowOpen = false, bool highOpen = false)
        {
            var below = lowOpen ? value <= low : value < low;
            var above = highOpen ? value >= high : value > high;
            if (below || above)
                Error(key, $"{ConfigValues.Plain(value)} is outside {(lowOpen ? "(" : "[")}{ConfigValues.Plain(low)}, " +
                           $"{ConfigValues.Plain(high)}{(highOpen ? ")" : "]")}");
        }

        public void AtLeast(string key, long value, long min)
        {
            if (value < min) Error(key, $"must be at least {min}, got {value}");
        }

        public void Positive(string key, double value)
        {
            if (!(value > 0)) Error(key, $"must be greater than 0, got {ConfigValues.Plain(value)}");
        }
    }

    private sealed class NoLocations(string source) : IConfigLocations
    {
        public string DefaultSource => source;
        public YNode? Node(string path) => null;
        public int Order(string path) => 0;
        public bool Failed(string path) => false;
    }
}
