namespace Lab.Core

/// What the registry knows of an environment without building one: the facts that configs, the
/// trainer and the reports look up by name (so none of them types a cap or a threshold again).
type EnvironmentFacts =
    {
        /// The registered name, for example "CartPole-v1" (matched exactly, case-sensitive, as gym.make).
        Name: string
        /// The preset step cap: 200 for CartPole-v0, 500 for CartPole-v1.
        MaxSteps: int
        /// The average return over 100 consecutive episodes at which the task counts as solved
        /// (Gymnasium's reward_threshold: 195 for CartPole-v0, 475 for CartPole-v1).
        SolvedAt: float
    }

/// The registry of named environments, the one place that knows their names, preset caps and
/// solved-at thresholds. A second environment (Acrobot, MountainCar) adds its module before this
/// file in the compile order and one entry to the registry: its typed environment (which names it
/// and carries its preset cap) and its solved-at threshold.
[<RequireQualifiedAccess>]
module Environments =
    /// The facts of every registered environment, in registry order.
    [<CompiledName("All")>]
    val all: EnvironmentFacts list

    /// The registered names, in registry order: "CartPole-v0", "CartPole-v1", "Acrobot-v1", "MountainCar-v0".
    [<CompiledName("Names")>]
    val names: string list

    /// The facts of the named environment, without building it; None for an unknown name (matched
    /// exactly, case-sensitive, as gym.make).
    [<CompiledName("TryFacts")>]
    val tryFacts: name: string -> EnvironmentFacts option

    /// The facts of the named environment; throws ArgumentException naming the known environments
    /// for an unknown name.
    [<CompiledName("Facts")>]
    val facts: name: string -> EnvironmentFacts

    /// The named environment, with its preset step cap or `maxSteps` when given; None for an
    /// unknown name (matched exactly, case-sensitive, as gym.make). Throws
    /// ArgumentOutOfRangeException for a cap that is not positive.
    [<CompiledName("TryCreate")>]
    val tryCreate: name: string -> maxSteps: int option -> EnvironmentHandle option

    /// C#-friendly `tryCreate`: `maxSteps` <= 0 means the preset's cap. Throws ArgumentException
    /// naming the known environments for an unknown name.
    [<CompiledName("Create")>]
    val create: name: string * maxSteps: int -> EnvironmentHandle
