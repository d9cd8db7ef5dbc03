namespace Lab.Core

open System

[<Struct>]
type CartPoleState =
    { X: float
      XDot: float
      Theta: float
      ThetaDot: float
      Steps: int
      Done: bool }

type CartPoleParams =
    { Gravity: float
      MassCart: float
      MassPole: float
      Length: float
      ForceMag: float
      Tau: float
      ThetaThresholdRadians: float
      XThreshold: float
      MaxSteps: int }

[<RequireQualifiedAccess>]
module CartPole =
    [<CompiledName("V1")>]
    let v1 =
        { Gravity = 9.8
          MassCart = 1.0
          MassPole = 0.1
          Length = 0.5
          ForceMag = 10.0
          Tau = 0.02
          // Gymnasium: 12 * 2 * math.pi / 360, evaluated left to right: ((12 * 2) * pi) / 360.
          ThetaThresholdRadians = 24.0 * Math.PI / 360.0
          XThreshold = 2.4
          MaxSteps = 500 }

    [<CompiledName("V0")>]
    let v0 = { v1 with MaxSteps = 200 }

    [<CompiledName("Reset")>]
    let reset (parameters: CartPoleParams) (rng: Rng) =
        ignore parameters
        // lo + (hi - lo) * u with u <= 1 - 2^-53 is at most 0.05 - 2^-56 < 0.05: the range is half-open.
        let struct (x, rng) = Rng.nextUniform -0.05 0.05 rng
        let struct (xDot, rng) = Rng.nextUniform -0.05 0.05 rng
        let struct (theta, rng) = Rng.nextUniform -0.05 0.05 rng
        let struct (thetaDot, rng) = Rng.nextUniform -0.05 0.05 rng

        struct ({ X = x
                  XDot = xDot
                  Theta = theta
                  ThetaDot = thetaDot
                  Steps = 0
                  Done = false },
                rng)

    // Kept out of `step` so that the hot path stays small; never inlined.
    let private refuse (state: CartPoleState) (action: int) : StepResult<CartPoleState> =
        if state.Done then
            raise (
                InvalidOperationException(
                    $"CartPole: this episode has already ended (after {state.Steps} steps); call reset before stepping again."
                )
            )
        else
            raise (ArgumentException($"CartPole: action must be 0 (push left) or 1 (push right), got {action}.", nameof action))

    [<CompiledName("Step")>]
    let step (parameters: CartPoleParams) (state: CartPoleState) (action: int) : StepResult<CartPoleState> =
        if state.Done || (action <> 0 && action <> 1) then
            refuse state action
        else
            let p = parameters
            // The same float64 operations, in the same order, as Gymnasium's CartPoleEnv.step.
            let totalMass = p.MassPole + p.MassCart
            let polemassLength = p.MassPole * p.Length
            let force = if action = 1 then p.ForceMag else -p.ForceMag
            let x = state.X
            let xDot = state.XDot
            let theta = state.Theta
            let thetaDot = state.ThetaDot
            // One call for both: .NET's Math.SinCos is the C library's sincos, which shares sin's and
            // cos's code paths in glibc and gives the same bits as math.sin/math.cos (tested).
            let struct (sintheta, costheta) = Math.SinCos theta
            // Gymnasium 1.x squares with np.square, which is the correctly rounded product v*v (gym
            // and Gymnasium 0.x wrote `v**2`, the C library's pow, which differs in the last bit for
            // about 1 input in 1,200).
            let temp = (force + polemassLength * (thetaDot * thetaDot) * sintheta) / totalMass

            let thetaacc =
                (p.Gravity * sintheta - costheta * temp)
                / (p.Length * (4.0 / 3.0 - p.MassPole * (costheta * costheta) / totalMass))

            let xacc = temp - polemassLength * thetaacc * costheta / totalMass
            // Euler (Gymnasium's default kinematics_integrator).
            let x = x + p.Tau * xDot
            let xDot = xDot + p.Tau * xacc
            let theta = theta + p.Tau * thetaDot
            let thetaDot = thetaDot + p.Tau * thetaacc

            let terminated =
                x < -p.XThreshold
                || x > p.XThreshold
                || theta < -p.ThetaThresholdRadians
                || theta > p.ThetaThresholdRadians

            let steps = state.Steps + 1
            let truncated = steps >= p.MaxSteps

            { State =
                { X = x
                  XDot = xDot
                  Theta = theta
                  ThetaDot = thetaDot
                  Steps = steps
                  Done = terminated || truncated }
              Reward = 1.0
              Terminated = terminated
              Truncated = truncated }

    [<CompiledName("Observe")>]
    let observe (state: CartPoleState, destination: Span<float32>) =
        if destination.Length < 4 then
            raise (ArgumentException($"CartPole: the observation needs 4 elements, the destination has {destination.Length}.", nameof destination))

        destination[0] <- float32 state.X
        destination[1] <- float32 state.XDot
        destination[2] <- float32 state.Theta
        destination[3] <- float32 state.ThetaDot

    [<CompiledName("OfGymState")>]
    let ofGymState (gymState: float[]) =
        ArgumentNullException.ThrowIfNull(gymState, nameof gymState)

        if gymState.Length <> 4 then
            raise (ArgumentException($"CartPole: Gymnasium's state is [x, x_dot, theta, theta_dot], 4 values; got {gymState.Length}.", nameof gymState))

        { X = gymState[0]
          XDot = gymState[1]
          Theta = gymState[2]
          ThetaDot = gymState[3]
          Steps = 0
          Done = false }

    [<CompiledName("ToGymState")>]
    let toGymState (state: CartPoleState) =
        [| state.X; state.XDot; state.Theta; state.ThetaDot |]

    [<Sealed>]
    type private CartPoleEnvironment(name: string, parameters: CartPoleParams) =
        do EnvironmentHandle.checkMaxSteps parameters.MaxSteps

        interface IEnvironment<CartPoleState> with
            member _.Name = name
            member _.ObservationSize = 4
            member _.ActionCount = 2
            member _.MaxSteps = parameters.MaxSteps
            member _.Reset(rng) = reset parameters rng
            member _.Step(state, action) = step parameters state action
            member _.Observe(state, destination) = observe (state, destination)
            member _.OfGymState(gymState: float[]) = ofGymState gymState
            member _.OfGymState(gymState: float[], steps: int) = { ofGymState gymState with Steps = steps }
            member _.ToGymState(state) = toGymState state

            member _.WithMaxSteps(maxSteps) =
                CartPoleEnvironment(name, { parameters with MaxSteps = maxSteps }) :> IEnvironment<CartPoleState>

        override _.ToString() = $"{name} (max steps {parameters.MaxSteps})"

    [<CompiledName("NamedEnvironment")>]
    let namedEnvironment (name: string) (parameters: CartPoleParams) =
        CartPoleEnvironment(name, parameters) :> IEnvironment<CartPoleState>

    [<CompiledName("Environment")>]
    let environment (parameters: CartPoleParams) =
        let name =
            if parameters = v1 then "CartPole-v1"
            elif parameters = v0 then "CartPole-v0"
            else "CartPole"

        namedEnvironment name parameters
