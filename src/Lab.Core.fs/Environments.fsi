namespace Lab.Core

/// The registry of named environments: a second environment (Acrobot, MountainCar) adds its module
/// before this file in the compile order and one line to the registry.
[<RequireQualifiedAccess>]
module Environments =
    /// The registered names: "CartPole-v0", "CartPole-v1", "Acrobot-v1", "MountainCar-v0".
    [<CompiledName("Names")>]
    val names: string list

    /// The named environment, with its preset step cap or `maxSteps` when given; None for an
    /// unknown name (matched exactly, case-sensitive, as gym.make). Throws
    /// ArgumentOutOfRangeException for a cap that is not positive.
    [<CompiledName("TryCreate")>]
    val tryCreate: name: string -> maxSteps: int option -> EnvironmentHandle option

    /// C#-friendly `tryCreate`: `maxSteps` <= 0 means the preset's cap. Throws ArgumentException
    /// naming the known environments for an unknown name.
    [<CompiledName("Create")>]
    val create: name: string * maxSteps: int -> EnvironmentHandle
