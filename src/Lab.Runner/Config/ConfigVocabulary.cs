using Lab.Agent;
using Lab.Core;
using Lab.Neural;

namespace Lab.Runner.Config;

/// <summary>
/// The words of the config's closed-vocabulary keys, by the type of their value: the one map from YAML
/// words to typed values and back. The loader accepts a word in any case; the writer, params and
/// trial ids use the spelling given here. Environments are Lab.Core's registry, in its order and
/// spelling.
/// </summary>
internal static class ConfigVocabulary
{
    private static readonly Dictionary<Type, IReadOnlyList<(string Word, object Value)>> ByType = new()
    {
        [typeof(EnvironmentFacts)] = Environments.All.Select(f => (f.Name, (object)f)).ToList(),
        [typeof(EpsilonScheduleKind)] = Words<EpsilonScheduleKind>(("constant", EpsilonScheduleKind.Constant),
            ("multiplicative", EpsilonScheduleKind.Multiplicative), ("linear", EpsilonScheduleKind.Linear)),
        [typeof(Activation)] = Words<Activation>(("relu", Activation.Relu), ("tanh", Activation.Tanh), ("linear", Activation.Linear)),
        [typeof(WeightInitKind)] = Words<WeightInitKind>(("glorot_uniform", WeightInitKind.GlorotUniform), ("normal", WeightInitKind.Normal)),
        [typeof(OptimizerKind)] = Words<OptimizerKind>(("adam", OptimizerKind.Adam), ("rmsprop", OptimizerKind.RmsProp), ("sgd", OptimizerKind.Sgd)),
        [typeof(LossKind)] = Words<LossKind>(("mse", LossKind.Mse), ("huber", LossKind.Huber)),
        [typeof(TargetUpdateMode)] = Words<TargetUpdateMode>(("none", TargetUpdateMode.None), ("episode", TargetUpdateMode.Episode),
            ("steps", TargetUpdateMode.Steps)),
        [typeof(TeacherKind)] = Words<TeacherKind>(("none", TeacherKind.None), ("cartpole_feedback", TeacherKind.CartPoleFeedback),
            ("mountaincar_momentum", TeacherKind.MountainCarMomentum), ("acrobot_swing", TeacherKind.AcrobotSwing)),
    };

    private static List<(string Word, object Value)> Words<T>(params (string Word, T Value)[] words) where T : struct, Enum
    {
        if (words.Length != Enum.GetValues<T>().Length)
            throw new InvalidOperationException($"every value of {typeof(T).Name} needs a config word");
        return words.Select(w => (w.Word, (object)w.Value)).ToList();
    }

    /// <summary>Whether values of <paramref name="type"/> are written as words of a closed vocabulary.</summary>
    public static bool Knows(Type type) => ByType.ContainsKey(type);

    /// <summary>The words for <paramref name="type"/>, in the order they are listed to people.</summary>
    public static IReadOnlyList<string> WordsOf(Type type) => ByType[type].Select(w => w.Word).ToList();

    /// <summary>The value <paramref name="text"/> names (in any case), or false when it is not one of the words.</summary>
    public static bool TryParse(Type type, string text, out object value)
    {
        foreach (var (word, v) in ByType[type])
            if (string.Equals(word, text, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        value = null!;
        return false;
    }

    /// <summary>The word for <paramref name="value"/>, or false when its type has no vocabulary.</summary>
    public static bool TryWord(object value, out string word)
    {
        // An environment is its registered name, even one built in code.
        if (value is EnvironmentFacts facts)
        {
            word = facts.Name;
            return true;
        }
        if (ByType.TryGetValue(value.GetType(), out var words))
            foreach (var (w, v) in words)
                if (v.Equals(value))
                {
                    word = w;
                    return true;
                }
        word = "";
        return false;
    }
}
