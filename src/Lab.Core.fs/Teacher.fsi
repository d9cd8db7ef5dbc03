/// Teaming up with the agent (notebook 001, "team up with your robot"): the agent's own Q-values say
/// when it is in trouble, and then someone else chooses the action. The threshold is the episode's
/// initial max Q minus a margin; while max Q stays above it the agent acts. The scripted teachers here
/// are pure state-feedback rules on the observation (what the agent sees): `runner play --assist` puts a
/// person in that seat, and training's `teacher` option a scripted teacher (notebook 001's exercise:
/// ask for help instead of exploring uniformly at random).
namespace Lab.Core

open System

/// A scripted teacher: a rule from the observation to an action, for one environment family.
type TeacherPolicy =
    /// CartPole: push right (action 1) when θ + 0.5·θ̇ > 0, else left (0): the pole is falling, or
    /// about to fall, to the right, so the cart moves under it. Balances CartPole-v1 for all 500
    /// steps from Gymnasium's start states (it ignores the cart's position, which drifts).
    | CartPoleFeedback
    /// MountainCar: push in the direction the car moves (right, action 2, when velocity ≥ 0; else
    /// left, 0), which pumps energy into the swing until the car crests the hill: about 120 steps
    /// from Gymnasium's start states, never the 200-step cap.
    | MountainCarMomentum
    /// Acrobot: torque against the first joint's velocity (-1, action 0, when θ̇1 > 0; else +1,
    /// action 2), which pumps energy into the swing: the free end rises above the bar in about 85
    /// steps from Gymnasium's start states.
    | AcrobotSwing

[<RequireQualifiedAccess>]
module Teacher =
    /// The teacher's action for `observation` (the environment's observation vector, as the agent
    /// sees it). Throws ArgumentException when the observation is shorter than the teacher's
    /// environment's (4 for CartPole, 2 for MountainCar, 6 for Acrobot). Allocates nothing.
    [<CompiledName("Action")>]
    val action: teacher: TeacherPolicy * observation: ReadOnlySpan<float32> -> int

    /// Whether the teacher drives the registered environment `environmentName` ("CartPole-v0",
    /// "CartPole-v1", "MountainCar-v0", "Acrobot-v1": its family's versions).
    [<CompiledName("Drives")>]
    val drives: teacher: TeacherPolicy -> environmentName: string -> bool

    /// Notebook 001's threshold: the max Q of the episode's initial state minus `margin`.
    [<CompiledName("Threshold")>]
    val threshold: initialMaxQ: float -> margin: float -> float

    /// Notebook 001's test: the agent is in trouble (and someone else chooses) when its max Q is not
    /// above the threshold; NaN counts as trouble.
    [<CompiledName("InTrouble")>]
    val inTrouble: threshold: float -> maxQ: float -> bool
