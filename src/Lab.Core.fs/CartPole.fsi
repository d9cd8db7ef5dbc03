/// CartPole with Gymnasium CartPole-v1's physics, bit for bit: the same constants, the same float64
/// operations in the same order (gymnasium/envs/classic_control/cartpole.py, `CartPoleEnv.step`),
/// the same termination expression and the same reset range. Gymnasium 1.x squares with `np.square`,
/// that is v*v (gym and Gymnasium 0.x wrote `v**2`, the C library's pow, which differs from v*v in the
/// last bit for about 1 input in 1,200); this follows Gymnasium 1.x. Replayed against a fixture in
/// tests/fixtures/cartpole/ (see make_fixture.py there).
namespace Lab.Core

open System

/// The float64 state of the cart and pole plus the episode's bookkeeping.
[<Struct>]
type CartPoleState =
    { /// Cart position (m); the episode terminates outside [-2.4, 2.4].
      X: float
      /// Cart velocity (m/s).
      XDot: float
      /// Pole angle from upright (rad); the episode terminates outside ±12°.
      Theta: float
      /// Pole angular velocity (rad/s).
      ThetaDot: float
      /// Steps taken since reset.
      Steps: int
      /// The episode has ended (terminated or truncated); stepping it again is refused.
      Done: bool }

/// The physical constants and the step cap. Gymnasium's values are in `CartPole.v1`.
type CartPoleParams =
    { /// 9.8 m/s².
      Gravity: float
      /// 1.0 kg.
      MassCart: float
      /// 0.1 kg.
      MassPole: float
      /// Half the pole's length: 0.5 m.
      Length: float
      /// 10.0 N, pushing left (action 0) or right (action 1).
      ForceMag: float
      /// Seconds per step: 0.02.
      Tau: float
      /// 12 * 2 * π / 360, computed exactly as Gymnasium does.
      ThetaThresholdRadians: float
      /// 2.4 m.
      XThreshold: float
      /// The step cap: the step that makes Steps reach it is truncated (Gymnasium's TimeLimit).
      MaxSteps: int }

[<RequireQualifiedAccess>]
module CartPole =
    /// Gymnasium's constants with the CartPole-v0 cap of 200 steps (solved at 195).
    [<CompiledName("V0")>]
    val v0: CartPoleParams

    /// Gymnasium's constants with the CartPole-v1 cap of 500 steps (solved at 475).
    [<CompiledName("V1")>]
    val v1: CartPoleParams

    /// A start state: x, x_dot, theta, theta_dot each uniform in [-0.05, 0.05), drawn in that order
    /// from `rng` (Gymnasium draws the same range with numpy's generator, so the values differ;
    /// the distribution does not). Steps = 0, Done = false.
    [<CompiledName("Reset")>]
    val reset: parameters: CartPoleParams -> rng: Rng -> struct (CartPoleState * Rng)

    /// One Euler step of Gymnasium's equations. Reward is 1.0 on every step, the terminating one
    /// included. Terminated when x < -XThreshold or x > XThreshold or theta < -ThetaThresholdRadians
    /// or theta > ThetaThresholdRadians (Gymnasium's expression); truncated when Steps + 1 >= MaxSteps.
    /// The new state's Done is Terminated || Truncated. Allocates nothing.
    /// Throws ArgumentException for an action other than 0 or 1 and InvalidOperationException when
    /// `state.Done` (Gymnasium only warns; stepping past the end is always a bug in the caller).
    [<CompiledName("Step")>]
    val step: parameters: CartPoleParams -> state: CartPoleState -> action: int -> StepResult<CartPoleState>

    /// Writes [x; x_dot; theta; theta_dot] rounded to float32 (as Gymnasium's
    /// np.array(state, dtype=np.float32)) into destination[0..3]; throws ArgumentException when
    /// destination is shorter than 4.
    [<CompiledName("Observe")>]
    val observe: state: CartPoleState * destination: Span<float32> -> unit

    /// The state whose physics is Gymnasium's `env.unwrapped.state` [x, x_dot, theta, theta_dot]
    /// (float64), with Steps = 0 and Done = false (set Steps to replay a step in the middle of an
    /// episode). Throws ArgumentException unless `gymState` has exactly 4 elements.
    [<CompiledName("OfGymState")>]
    val ofGymState: gymState: float[] -> CartPoleState

    /// [x; x_dot; theta; theta_dot], Gymnasium's `env.unwrapped.state` for this state.
    [<CompiledName("ToGymState")>]
    val toGymState: state: CartPoleState -> float[]

    /// The parameters as an `IEnvironment` (observation size 4, two actions). Named "CartPole-v0" or
    /// "CartPole-v1" when the parameters are exactly a preset, "CartPole" otherwise.
    /// Throws ArgumentOutOfRangeException unless MaxSteps is positive.
    [<CompiledName("Environment")>]
    val environment: parameters: CartPoleParams -> IEnvironment<CartPoleState>

    /// As `environment`, under a given name (kept by WithMaxSteps, as gym.make("CartPole-v1",
    /// max_episode_steps=1000) keeps its id).
    [<CompiledName("NamedEnvironment")>]
    val namedEnvironment: name: string -> parameters: CartPoleParams -> IEnvironment<CartPoleState>
