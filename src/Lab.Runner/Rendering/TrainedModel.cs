using Lab.Agent;
using Lab.Core;
using Lab.Neural;
using Lab.Runner.Config;
using Lab.Runner.Store;

namespace Lab.Runner.Rendering;

/// <summary>
/// A saved network with the environment it was trained on: MODEL is a model.dqn or the trial folder
/// holding one; the env and seed come from the config.yaml beside it (a model without one is taken as
/// the default config's: CartPole-v1, seed 1).
/// </summary>
internal sealed record TrainedModel(string Path, EnvironmentFacts Env, long Seed, QNetwork Network)
{
    /// <summary>The model, or null with <paramref name="error"/> saying why (a message for people).</summary>
    public static TrainedModel? Open(string modelOrFolder, out string error)
    {
        var path = Directory.Exists(modelOrFolder) ? TrialFiles.ModelPath(modelOrFolder) : modelOrFolder;
        error = "";
        if (RegularFiles.Problem(path) is { } kind)
        {
            error = $"{path}: {kind}; give a model.dqn or a trial folder holding one";
            return null;
        }
        if (!File.Exists(path))
        {
            error = $"{modelOrFolder}: no such model file (expected a model.dqn or a trial folder holding one)";
            return null;
        }
        var configPath = TrialFiles.ConfigPath(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var config = File.Exists(configPath) ? ConfigLoader.Load(configPath, []) : new TrainConfig();
        try
        {
            var network = QNetwork.Load(path, 1);
            var env = Environments.Create(config.Env.Name, 0);
            if (network.Shape.Inputs != env.ObservationSize || network.Shape.Outputs != env.ActionCount)
            {
                error = $"{path}: the network takes {network.Shape.Inputs} inputs and gives {network.Shape.Outputs} Q-values, " +
                        $"but {env.Name} has {env.ObservationSize} observations and {env.ActionCount} actions";
                return null;
            }
            return new TrainedModel(path, config.Env, config.Seed, network);
        }
        catch (InvalidDataException ex)
        {
            error = ex.Message;
            return null;
        }
    }
}
