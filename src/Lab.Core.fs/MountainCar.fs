namespace Lab.Core

open System

[<Struct>]
type MountainCarState =
    { Position: float
      Velocity: float
      Steps: int
      Done: bool }

type MountainCarParams =
    { MinPosition: float
      MaxPosition: float
      MaxSpeed: float
      GoalPosition: float
      GoalVelocity: float
      Force: float
      Gravity: float
      MaxSteps: int }

[<RequireQualifiedAccess>]
module MountainCar =
    [<CompiledName("V0")>]
    let v0 =
        { MinPosition = -1.2
          MaxPosition = 0.6
          MaxSpeed = 0.07
          GoalPosition = 0.5
          GoalVelocity = 0.0
          Force = 0.001
          Gravity = 0.0025
          MaxSteps = 200 }

    [<CompiledName("Reset")>]
    let reset (parameters: MountainCarParams) (rng: Rng) =
        ignore parameters
        let struct (position, rng) = Rng.nextUniform -0.6 -0.4 rng

        struct ({ Position = position
                  Velocity = 0.0
                  Steps = 0
                  Done = false },
                rng)

    // Kept out of `step` so that the hot path stays small; never inlined.
    let private refuse (state: MountainCarState) (action: int) : StepResult<MountainCarState> =
        if state.Done then
            raise (
                InvalidOperationException(
                    $"MountainCar: this episode has already ended (after {state.Steps} steps); call reset before stepping again."
                )
            )
        else
            raise (ArgumentException($"MountainCar: action must be 0 (push left), 1 (no push) or 2 (push right), got {action}.", nameof action))

    /// np.clip(x, lo, hi) on a float64 scalar: numpy's _NPY_MIN(_NPY_MAX(x, lo), hi), where
    /// _NPY_MAX(a, b) is a when a is NaN or a > b, else b, and _NPY_MIN(a, b) is a when a is NaN or
    /// a < b, else b.
    let inline private clip (x: float) (lo: float) (hi: float) =
        let y = if Double.IsNaN x || x > lo then x else lo
        if Double.IsNaN y || y < hi then y else hi

    [<CompiledName("Step")>]
    let step (parameters: MountainCarParams) (state: MountainCarState) (action: int) : StepResult<MountainCarState> =
        if state.Done || action < 0 || action > 2 then
            refuse state action
        else
            let p = parameters
            // The same float64 operations, in the same order, as Gymnasium's MountainCarEnv.step:
            // velocity += (action - 1) * self.force + math.cos(3 * position) * (-self.gravity)
            let velocity = state.Velocity + (float (action - 1) * p.Force + Math.Cos(3.0 * state.Position) * -p.Gravity)
            let velocity = clip velocity (-p.MaxSpeed) p.MaxSpeed
            let position = state.Position + velocity
            let position = clip position p.MinPosition p.MaxPosition
            let velocity = if position = p.MinPosition && velocity < 0.0 then 0.0 else velocity
            let terminated = position >= p.GoalPosition && velocity >= p.GoalVelocity
            let steps = state.Steps + 1
            let truncated = steps >= p.MaxSteps

            { State =
                { Position = position
                  Velocity = velocity
                  Steps = steps
                  Done = terminated || truncated }
              Reward = -1.0
              Terminated = terminated
              Truncated = truncated }

    [<CompiledName("Observe")>]
    let observe (state: MountainCarState, destination: Span<float32>) =
        if destination.Length < 2 then
            raise (ArgumentException($"MountainCar: the observation needs 2 elements, the destination has {destination.Length}.", nameof destination))

        destination[0] <- float32 state.Position
        destination[1] <- float32 state.Velocity

    [<CompiledName("OfGymState")>]
    let ofGymState (gymState: float[]) =
        ArgumentNullException.ThrowIfNull(gymState, nameof gymState)

        if gymState.Length <> 2 then
            raise (ArgumentException($"MountainCar: Gymnasium's state is [position, velocity], 2 values; got {gymState.Length}.", nameof gymState))

        { Position = gymState[0]
          Velocity = gymState[1]
          Steps = 0
          Done = false }

    [<CompiledName("ToGymState")>]
    let toGymState (state: MountainCarState) = [| state.Position; state.Velocity |]

    [<Sealed>]
    type private MountainCarEnvironment(name: string, parameters: MountainCarParams) =
        do EnvironmentHandle.checkMaxSteps parameters.MaxSteps

        interface IEnvironment<MountainCarState> with
            member _.Name = name
            member _.ObservationSize = 2
            member _.ActionCount = 3
            member _.MaxSteps = parameters.MaxSteps
            member _.Reset(rng) = reset parameters rng
            member _.Step(state, action) = step parameters state action
            member _.Observe(state, destination) = observe (state, destination)
            member _.OfGymState(gymState: float[]) = ofGymState gymState
            member _.OfGymState(gymState: float[], steps: int) = { ofGymState gymState with Steps = steps }
            member _.ToGymState(state) = toGymState state

            member _.WithMaxSteps(maxSteps) =
                MountainCarEnvironment(name, { parameters with MaxSteps = maxSteps }) :> IEnvironment<MountainCarState>

        override _.ToString() = $"{name} (max steps {parameters.MaxSteps})"

    [<CompiledName("NamedEnvironment")>]
    let namedEnvironment (name: string) (parameters: MountainCarParams) =
        MountainCarEnvironment(name, parameters) :> IEnvironment<MountainCarState>

    [<CompiledName("Environment")>]
    let environment (parameters: MountainCarParams) =
        let name = if parameters = v0 then "MountainCar-v0" else "MountainCar"
        namedEnvironment name parameters
