/// Acrobot with Gymnasium Acrobot-v1's dynamics, bit for bit: the "book" equations of `_dsdt`, one
/// step of Gymnasium's `rk4` over dt = 0.2 with the same float64 operations in the same order
/// (gymnasium/envs/classic_control/acrobot.py, `AcrobotEnv.step`, `_dsdt`, `rk4`, `wrap`, `bound`),
/// the same terminal test, rewards and reset range. Replayed against a fixture in
/// tests/fixtures/acrobot/ (see make_fixture.py there).
///
/// Two things about Gymnasium's arithmetic that the transcription keeps: `x**2` on a float64 is the C
/// library's pow(x, 2.0), not x*x (they differ in the last bit for about 1 input in 1,200); and sin
/// and cos are numpy's, which equal the C library's (what .NET's Math.Sin and Math.Cos call) unless
/// numpy dispatches its float64 sin/cos to AVX-512 SVML code.
namespace Lab.Core

open System

/// Gymnasium's `env.unwrapped.state` [theta1, theta2, dtheta1, dtheta2] in float64, plus the
/// episode's bookkeeping.
[<Struct>]
type AcrobotState =
    { /// Angle of the first link from hanging straight down (rad), in [-π, π] after a step.
      Theta1: float
      /// Angle of the second link relative to the first (rad), in [-π, π] after a step.
      Theta2: float
      /// Angular velocity of the first joint (rad/s), clipped to ±MaxVel1 after a step.
      DTheta1: float
      /// Angular velocity of the second joint (rad/s), clipped to ±MaxVel2 after a step.
      DTheta2: float
      /// Steps taken since reset.
      Steps: int
      /// The episode has ended (terminated or truncated); stepping it again is refused.
      Done: bool }

/// The physical constants and the step cap. Gymnasium's values are in `Acrobot.v1`.
type AcrobotParams =
    { /// LINK_LENGTH_1: 1.0 m (LINK_LENGTH_2 only draws the picture in Gymnasium).
      LinkLength1: float
      /// LINK_MASS_1: 1.0 kg.
      LinkMass1: float
      /// LINK_MASS_2: 1.0 kg.
      LinkMass2: float
      /// LINK_COM_POS_1: 0.5 m, the first link's centre of mass.
      LinkComPos1: float
      /// LINK_COM_POS_2: 0.5 m, the second link's centre of mass.
      LinkComPos2: float
      /// LINK_MOI: 1.0, the moment of inertia of either link.
      LinkMoi: float
      /// g in `_dsdt`: 9.8 m/s².
      Gravity: float
      /// Seconds per step: 0.2, integrated by one RK4 step.
      Dt: float
      /// MAX_VEL_1: 4 * π rad/s.
      MaxVel1: float
      /// MAX_VEL_2: 9 * π rad/s.
      MaxVel2: float
      /// The step cap: the step that makes Steps reach it is truncated (Gymnasium's TimeLimit).
      MaxSteps: int }

[<RequireQualifiedAccess>]
module Acrobot =
    /// Gymnasium's constants with the Acrobot-v1 cap of 500 steps (solved at -100).
    [<CompiledName("V1")>]
    val v1: AcrobotParams

    /// A start state: theta1, theta2, dtheta1, dtheta2 each drawn uniform in [-0.1, 0.1) in float64,
    /// in that order, from `rng`, and then rounded to float32 as Gymnasium's
    /// `np_random.uniform(-0.1, 0.1, size=(4,)).astype(np.float32)` does: Gymnasium's reset state is
    /// a float32 array (its first step widens it to float64), so every start value is a float32
    /// value, in [-0.1f, 0.1f]. Gymnasium draws with numpy's generator, so the values differ; the
    /// distribution does not. Steps = 0, Done = false.
    [<CompiledName("Reset")>]
    val reset: parameters: AcrobotParams -> rng: Rng -> struct (AcrobotState * Rng)

    /// One step: the torque is -1, 0 or +1 for action 0, 1 or 2; one RK4 step of the book dynamics
    /// over Dt; both angles wrapped into [-π, π] by Gymnasium's `wrap`, the velocities clipped by
    /// `bound`. Terminated when -cos(theta1) - cos(theta2 + theta1) > 1.0 (the free end above the
    /// bar); reward -1.0, or 0.0 on the terminating step; truncated when Steps + 1 >= MaxSteps. The
    /// new state's Done is Terminated || Truncated. Allocates nothing.
    /// Throws ArgumentException for an action other than 0, 1 or 2 or for an angle beyond ±1e15 after
    /// the integration (where Gymnasium's `wrap` loops forever; NaN passes through as in Gymnasium),
    /// and InvalidOperationException when `state.Done`.
    [<CompiledName("Step")>]
    val step: parameters: AcrobotParams -> state: AcrobotState -> action: int -> StepResult<AcrobotState>

    /// Writes [cos theta1; sin theta1; cos theta2; sin theta2; dtheta1; dtheta2], computed in float64
    /// and rounded to float32 (Gymnasium's `_get_ob` after a step), into destination[0..5]; throws
    /// ArgumentException when destination is shorter than 6. (Right after reset, where Gymnasium's
    /// state is still float32, numpy computes the cosines and sines in float32, which can differ from
    /// these in the last float32 bit; every later observation is the same.)
    [<CompiledName("Observe")>]
    val observe: state: AcrobotState * destination: Span<float32> -> unit

    /// The state whose physics is Gymnasium's `env.unwrapped.state` [theta1, theta2, dtheta1, dtheta2]
    /// (float64, or Gymnasium's float32 reset state widened), with Steps = 0 and Done = false (set
    /// Steps to replay a step in the middle of an episode). Throws ArgumentException unless
    /// `gymState` has exactly 4 elements.
    [<CompiledName("OfGymState")>]
    val ofGymState: gymState: float[] -> AcrobotState

    /// [theta1; theta2; dtheta1; dtheta2], Gymnasium's `env.unwrapped.state` for this state.
    [<CompiledName("ToGymState")>]
    val toGymState: state: AcrobotState -> float[]

    /// The parameters as an `IEnvironment` (observation size 6, three actions). Named "Acrobot-v1"
    /// when the parameters are exactly the preset, "Acrobot" otherwise. Throws
    /// ArgumentOutOfRangeException unless MaxSteps is positive.
    [<CompiledName("Environment")>]
    val environment: parameters: AcrobotParams -> IEnvironment<AcrobotState>

    /// As `environment`, under a given name (kept by WithMaxSteps).
    [<CompiledName("NamedEnvironment")>]
    val namedEnvironment: name: string -> parameters: AcrobotParams -> IEnvironment<AcrobotState>
