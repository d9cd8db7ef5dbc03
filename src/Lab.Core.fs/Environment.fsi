/// The environment abstraction: an environment is a set of pure functions over an immutable struct
/// state (gymnax's shape), so one episode can be replayed, stored or branched as a value. Each
/// environment (CartPole, Acrobot, MountainCar) is one module implementing `IEnvironment` plus one
/// line in the `Environments` registry.
namespace Lab.Core

open System

/// What one step returns: the next state, the reward, and the two different ways an episode ends.
/// `Terminated`: the MDP reached a terminal state (the pole fell, the cart left the track): Bellman
/// targets do not bootstrap. `Truncated`: the step cap was hit: the state is not terminal, and a
/// correct target bootstraps from it. Both can be true on the same step.
[<Struct>]
type StepResult<'State> =
    { State: 'State
      Reward: float
      Terminated: bool
      Truncated: bool }

/// An environment as pure functions over an immutable struct state. Implementations hold only
/// immutable parameters; every method's result depends on its arguments only.
type IEnvironment<'State when 'State: struct> =
    /// The name it is registered under (for example "CartPole-v1").
    abstract Name: string
    /// Length of the observation vector written by `Observe`.
    abstract ObservationSize: int
    /// Number of discrete actions; valid actions are 0 .. ActionCount - 1.
    abstract ActionCount: int
    /// The step cap: the step that reaches it is reported as truncated.
    abstract MaxSteps: int
    /// A start state drawn from `rng`, and the generator's next state.
    abstract Reset: rng: Rng -> struct ('State * Rng)
    /// One transition. Throws ArgumentException for an invalid action and InvalidOperationException
    /// for a state whose episode has already ended.
    abstract Step: state: 'State * action: int -> StepResult<'State>
    /// Writes the observation of `state` (float64 state rounded to float32) into the first
    /// `ObservationSize` elements of `destination`; throws ArgumentException when it is too short.
    abstract Observe: state: 'State * destination: Span<float32> -> unit
    /// The state whose physics is Gymnasium's internal state vector `gymState` (what
    /// `env.unwrapped.state` holds: float64, in Gymnasium's order and units), at the start of an
    /// episode (Steps = 0, Done = false): how a trajectory recorded with Gymnasium is replayed.
    /// Throws ArgumentException when `gymState` has the wrong length.
    abstract OfGymState: gymState: float[] -> 'State
    /// As `OfGymState(gymState)`, with `steps` steps already taken, so that the step cap truncates
    /// where it did in the recording.
    abstract OfGymState: gymState: float[] * steps: int -> 'State
    /// Gymnasium's internal state vector for `state` (float64, in Gymnasium's order); the inverse of
    /// `OfGymState`.
    abstract ToGymState: state: 'State -> float[]
    /// The same environment with another step cap (must be positive).
    abstract WithMaxSteps: maxSteps: int -> IEnvironment<'State>

/// Something to do with an environment of any state type: lets C# code handle an environment
/// without naming its state type (an existential, encoded as a visitor).
type IEnvironmentVisitor<'Result> =
    /// Called with the concrete environment.
    abstract Visit<'State when 'State: struct> : environment: IEnvironment<'State> -> 'Result

/// An environment whose state type is hidden; `Accept` opens it.
type EnvironmentHandle =
    /// Calls `visitor.Visit` with the concrete environment.
    abstract Accept<'Result> : visitor: IEnvironmentVisitor<'Result> -> 'Result
    /// The registered name (for example "CartPole-v1").
    abstract Name: string
    /// Length of the observation vector.
    abstract ObservationSize: int
    /// Number of discrete actions.
    abstract ActionCount: int
    /// The step cap.
    abstract MaxSteps: int
    /// The average return over 100 consecutive episodes at which the task counts as solved
    /// (Gymnasium's reward_threshold: 195 for CartPole-v0, 475 for CartPole-v1).
    abstract SolvedAt: float
    /// The same environment with another step cap (must be positive); SolvedAt is kept.
    abstract WithMaxSteps: maxSteps: int -> EnvironmentHandle

/// Building handles; the registry of named environments is `Environments` (Environments.fsi,
/// compiled after every environment it names).
[<RequireQualifiedAccess>]
module EnvironmentHandle =
    /// Wraps a typed environment with its solved-at threshold.
    [<CompiledName("Of")>]
    val ofEnvironment: solvedAt: float -> environment: IEnvironment<'State> -> EnvironmentHandle

    /// Throws ArgumentOutOfRangeException unless `maxSteps` is positive.
    [<CompiledName("CheckMaxSteps")>]
    val checkMaxSteps: maxSteps: int -> unit
