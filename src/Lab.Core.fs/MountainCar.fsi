/// MountainCar with Gymnasium MountainCar-v0's dynamics, bit for bit: the same constants, the same
/// float64 operations in the same order (gymnasium/envs/classic_control/mountain_car.py,
/// `MountainCarEnv.step`): the velocity first, clipped, then the position from the new velocity,
/// clipped, and the inelastic left wall. Replayed against a fixture in tests/fixtures/mountaincar/
/// (see make_fixture.py there).
namespace Lab.Core

open System

/// Gymnasium's `env.unwrapped.state` (position, velocity) in float64, plus the episode's bookkeeping.
[<Struct>]
type MountainCarState =
    { /// Position of the car along the x-axis, in [MinPosition, MaxPosition].
      Position: float
      /// Velocity of the car, in [-MaxSpeed, MaxSpeed].
      Velocity: float
      /// Steps taken since reset.
      Steps: int
      /// The episode has ended (terminated or truncated); stepping it again is refused.
      Done: bool }

/// The constants and the step cap. Gymnasium's values are in `MountainCar.v0`.
type MountainCarParams =
    { /// -1.2: the left wall.
      MinPosition: float
      /// 0.6.
      MaxPosition: float
      /// 0.07: velocities are clipped to ±MaxSpeed.
      MaxSpeed: float
      /// 0.5: the flag.
      GoalPosition: float
      /// 0.0 (Gymnasium's goal_velocity argument, 0 by default).
      GoalVelocity: float
      /// 0.001 per step, to the left (action 0), none (1) or to the right (2).
      Force: float
      /// 0.0025.
      Gravity: float
      /// The step cap: the step that makes Steps reach it is truncated (Gymnasium's TimeLimit).
      MaxSteps: int }

[<RequireQualifiedAccess>]
module MountainCar =
    /// Gymnasium's constants with the MountainCar-v0 cap of 200 steps (solved at -110).
    [<CompiledName("V0")>]
    val v0: MountainCarParams

    /// A start state: position uniform in [-0.6, -0.4) drawn from `rng` (float64, as Gymnasium's
    /// np_random.uniform(low=-0.6, high=-0.4), whose values differ; the distribution does not),
    /// velocity 0.0, Steps = 0, Done = false.
    [<CompiledName("Reset")>]
    val reset: parameters: MountainCarParams -> rng: Rng -> struct (MountainCarState * Rng)

    /// One step, as Gymnasium: velocity += (action - 1) * Force + cos(3 * position) * (-Gravity);
    /// velocity clipped to ±MaxSpeed; position += velocity; position clipped to
    /// [MinPosition, MaxPosition]; if position = MinPosition and velocity < 0 then velocity = 0 (the
    /// inelastic left wall). Terminated when position >= GoalPosition and velocity >= GoalVelocity;
    /// reward -1.0 on every step, the terminating one included; truncated when Steps + 1 >= MaxSteps.
    /// The new state's Done is Terminated || Truncated. Allocates nothing.
    /// Throws ArgumentException for an action other than 0, 1 or 2 and InvalidOperationException
    /// when `state.Done`.
    [<CompiledName("Step")>]
    val step: parameters: MountainCarParams -> state: MountainCarState -> action: int -> StepResult<MountainCarState>

    /// Writes [position; velocity] rounded to float32 (as Gymnasium's
    /// np.array(self.state, dtype=np.float32)) into destination[0..1]; throws ArgumentException when
    /// destination is shorter than 2.
    [<CompiledName("Observe")>]
    val observe: state: MountainCarState * destination: Span<float32> -> unit

    /// The state whose physics is Gymnasium's `env.unwrapped.state` [position, velocity] (float64),
    /// with Steps = 0 and Done = false (set Steps to replay a step in the middle of an episode).
    /// Throws ArgumentException unless `gymState` has exactly 2 elements.
    [<CompiledName("OfGymState")>]
    val ofGymState: gymState: float[] -> MountainCarState

    /// [position; velocity], Gymnasium's `env.unwrapped.state` for this state (where Gymnasium holds
    /// the integer 0 after the left wall stopped the car, this holds 0.0).
    [<CompiledName("ToGymState")>]
    val toGymState: state: MountainCarState -> float[]

    /// The parameters as an `IEnvironment` (observation size 2, three actions). Named
    /// "MountainCar-v0" when the parameters are exactly the preset, "MountainCar" otherwise. Throws
    /// ArgumentOutOfRangeException unless MaxSteps is positive.
    [<CompiledName("Environment")>]
    val environment: parameters: MountainCarParams -> IEnvironment<MountainCarState>

    /// As `environment`, under a given name (kept by WithMaxSteps).
    [<CompiledName("NamedEnvironment")>]
    val namedEnvironment: name: string -> parameters: MountainCarParams -> IEnvironment<MountainCarState>
