namespace Lab.Core

open System

[<Struct>]
type AcrobotState =
    { Theta1: float
      Theta2: float
      DTheta1: float
      DTheta2: float
      Steps: int
      Done: bool }

type AcrobotParams =
    { LinkLength1: float
      LinkMass1: float
      LinkMass2: float
      LinkComPos1: float
      LinkComPos2: float
      LinkMoi: float
      Gravity: float
      Dt: float
      MaxVel1: float
      MaxVel2: float
      MaxSteps: int }

[<RequireQualifiedAccess>]
module Acrobot =
    [<CompiledName("V1")>]
    let v1 =
        { LinkLength1 = 1.0
          LinkMass1 = 1.0
          LinkMass2 = 1.0
          LinkComPos1 = 0.5
          LinkComPos2 = 0.5
          LinkMoi = 1.0
          Gravity = 9.8
          Dt = 0.2
          // Gymnasium: 4 * pi and 9 * pi (numpy's pi, the same double as Math.PI).
          MaxVel1 = 4.0 * Math.PI
          MaxVel2 = 9.0 * Math.PI
          MaxSteps = 500 }

    [<CompiledName("Reset")>]
    let reset (parameters: AcrobotParams) (rng: Rng) =
        ignore parameters
        // uniform(-0.1, 0.1) in float64, then .astype(np.float32): round to nearest float32.
        let struct (theta1, rng) = Rng.nextUniform -0.1 0.1 rng
        let struct (theta2, rng) = Rng.nextUniform -0.1 0.1 rng
        let struct (dtheta1, rng) = Rng.nextUniform -0.1 0.1 rng
        let struct (dtheta2, rng) = Rng.nextUniform -0.1 0.1 rng

        struct ({ Theta1 = float (float32 theta1)
                  Theta2 = float (float32 theta2)
                  DTheta1 = float (float32 dtheta1)
                  DTheta2 = float (float32 dtheta2)
                  Steps = 0
                  Done = false },
                rng)

    // Kept out of `step` so that the hot path stays small; never inlined.
    let private refuse (state: AcrobotState) (action: int) : StepResult<AcrobotState> =
        if state.Done then
            raise (
                InvalidOperationException(
                    $"Acrobot: this episode has already ended (after {state.Steps} steps); call reset before stepping again."
                )
            )
        else
            raise (ArgumentException($"Acrobot: action must be 0 (torque -1), 1 (torque 0) or 2 (torque +1), got {action}.", nameof action))

    let private refuseAngle (angle: float) : float =
        raise (ArgumentException($"Acrobot: an angle of {angle} cannot be wrapped into [-pi, pi] (Gymnasium's wrap would loop forever).", "state"))

    /// pow(v, 2.0) exactly as the C library computes it, which is what Python's `v**2` and numpy's
    /// float64 scalar `v**2` call (numpy's scalar power is npy_pow = pow): glibc's pow is within 0.52
    /// ULP of the true square but not always correctly rounded, so it differs from v*v in the last
    /// bit for about 1 input in 1,200. v*v is correctly rounded and its exact rounding error is
    /// fma(v, v, -v*v); when that error is at most 0.48 of the smaller spacing next to v*v, every
    /// other double is more than 0.52 ULP from the true square and pow must return v*v too. Only
    /// near a rounding midpoint do we pay for the call.
    let private powTwo (v: float) =
        let square = v * v
        let error = Math.FusedMultiplyAdd(v, v, -square)
        let magnitude = Math.Abs square
        if Math.Abs error <= 0.48 * (magnitude - Math.BitDecrement magnitude) then square
        else Math.Pow(v, 2.0)

    /// Gymnasium's `wrap(x, -pi, pi)`: subtracts or adds 2π (diff = M - m) until x is in [m, M].
    let private wrap (x: float) =
        if Double.IsInfinity x || Math.Abs x > 1e15 then
            refuseAngle x
        else
            let m = -Math.PI
            let big = Math.PI
            let diff = big - m
            let mutable x = x

            while x > big do
                x <- x - diff

            while x < m do
                x <- x + diff

            x

    /// Gymnasium's `bound(x, m, M)`: Python's min(max(x, m), M), where max(x, m) keeps x unless m > x
    /// and min(y, M) keeps y unless M < y.
    let inline private bound (x: float) (m: float) (big: float) =
        let y = if m > x then m else x
        if big < y then big else y

    /// `_dsdt` with book_or_nips = "book": (dtheta1, dtheta2, ddtheta1, ddtheta2) of the augmented
    /// state (theta1, theta2, dtheta1, dtheta2, a); the fifth derivative, of the torque, is 0.0.
    /// Every expression is Gymnasium's, evaluated in Python's order (left to right, ** first).
    let private dsdt (p: AcrobotParams) (theta1: float) (theta2: float) (dtheta1: float) (dtheta2: float) (a: float) =
        let m1 = p.LinkMass1
        let m2 = p.LinkMass2
        let l1 = p.LinkLength1
        let lc1 = p.LinkComPos1
        let lc2 = p.LinkComPos2
        let i1 = p.LinkMoi
        let i2 = p.LinkMoi
        let g = p.Gravity
        let struct (sinTheta2, cosTheta2) = Math.SinCos theta2
        // d1 = m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * cos(theta2)) + I1 + I2
        let d1 = m1 * powTwo lc1 + m2 * (powTwo l1 + powTwo lc2 + 2.0 * l1 * lc2 * cosTheta2) + i1 + i2
        // d2 = m2 * (lc2**2 + l1 * lc2 * cos(theta2)) + I2
        let d2 = m2 * (powTwo lc2 + l1 * lc2 * cosTheta2) + i2
        // phi2 = m2 * lc2 * g * cos(theta1 + theta2 - pi / 2.0)
        let phi2 = m2 * lc2 * g * Math.Cos(theta1 + theta2 - Math.PI / 2.0)
        // phi1 = -m2 * l1 * lc2 * dtheta2**2 * sin(theta2)
        //        - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin(theta2)
        //        + (m1 * lc1 + m2 * l1) * g * cos(theta1 - pi / 2)
        //        + phi2
        let phi1 =
            -m2 * l1 * lc2 * powTwo dtheta2 * sinTheta2
            - 2.0 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sinTheta2
            + (m1 * lc1 + m2 * l1) * g * Math.Cos(theta1 - Math.PI / 2.0)
            + phi2
        // ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1**2 * sin(theta2) - phi2)
        //            / (m2 * lc2**2 + I2 - d2**2 / d1)
        let ddtheta2 =
            (a + d2 / d1 * phi1 - m2 * l1 * lc2 * powTwo dtheta1 * sinTheta2 - phi2)
            / (m2 * powTwo lc2 + i2 - powTwo d2 / d1)
        // ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        let ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        struct (dtheta1, dtheta2, ddtheta1, ddtheta2)

    [<CompiledName("Step")>]
    let step (parameters: AcrobotParams) (state: AcrobotState) (action: int) : StepResult<AcrobotState> =
        if state.Done || action < 0 || action > 2 then
            refuse state action
        else
            let p = parameters
            // AVAIL_TORQUE = [-1.0, 0.0, +1]; np.append(s, torque) makes a float64 array.
            let torque = float (action - 1)
            // rk4(self._dsdt, s_augmented, [0, self.dt]): one step with dt = t[1] - t[0].
            let dt = p.Dt - 0.0
            let dt2 = dt / 2.0
            let y0 = state.Theta1
            let y1 = state.Theta2
            let y2 = state.DTheta1
            let y3 = state.DTheta2
            let y4 = torque
            // k1 = derivs(y0); each k's fifth element (the torque's derivative) is 0.0.
            let struct (k10, k11, k12, k13) = dsdt p y0 y1 y2 y3 y4
            // k2 = derivs(y0 + dt2 * k1), elementwise
            let struct (k20, k21, k22, k23) =
                dsdt p (y0 + dt2 * k10) (y1 + dt2 * k11) (y2 + dt2 * k12) (y3 + dt2 * k13) (y4 + dt2 * 0.0)
            // k3 = derivs(y0 + dt2 * k2)
            let struct (k30, k31, k32, k33) =
                dsdt p (y0 + dt2 * k20) (y1 + dt2 * k21) (y2 + dt2 * k22) (y3 + dt2 * k23) (y4 + dt2 * 0.0)
            // k4 = derivs(y0 + dt * k3)
            let struct (k40, k41, k42, k43) =
                dsdt p (y0 + dt * k30) (y1 + dt * k31) (y2 + dt * k32) (y3 + dt * k33) (y4 + dt * 0.0)
            // yout = y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4), elementwise; the torque is dropped.
            let sixth = dt / 6.0
            let n0 = y0 + sixth * (k10 + 2.0 * k20 + 2.0 * k30 + k40)
            let n1 = y1 + sixth * (k11 + 2.0 * k21 + 2.0 * k31 + k41)
            let n2 = y2 + sixth * (k12 + 2.0 * k22 + 2.0 * k32 + k42)
            let n3 = y3 + sixth * (k13 + 2.0 * k23 + 2.0 * k33 + k43)
            let theta1 = wrap n0
            let theta2 = wrap n1
            let dtheta1 = bound n2 (-p.MaxVel1) p.MaxVel1
            let dtheta2 = bound n3 (-p.MaxVel2) p.MaxVel2
            // _terminal: -cos(s[0]) - cos(s[1] + s[0]) > 1.0
            let terminated = -(Math.Cos theta1) - Math.Cos(theta2 + theta1) > 1.0
            let steps = state.Steps + 1
            let truncated = steps >= p.MaxSteps

            { State =
                { Theta1 = theta1
                  Theta2 = theta2
                  DTheta1 = dtheta1
                  DTheta2 = dtheta2
                  Steps = steps
                  Done = terminated || truncated }
              Reward = if terminated then 0.0 else -1.0
              Terminated = terminated
              Truncated = truncated }

    [<CompiledName("Observe")>]
    let observe (state: AcrobotState, destination: Span<float32>) =
        if destination.Length < 6 then
            raise (ArgumentException($"Acrobot: the observation needs 6 elements, the destination has {destination.Length}.", nameof destination))

        let struct (sin1, cos1) = Math.SinCos state.Theta1
        let struct (sin2, cos2) = Math.SinCos state.Theta2
        destination[0] <- float32 cos1
        destination[1] <- float32 sin1
        destination[2] <- float32 cos2
        destination[3] <- float32 sin2
        destination[4] <- float32 state.DTheta1
        destination[5] <- float32 state.DTheta2

    [<CompiledName("OfGymState")>]
    let ofGymState (gymState: float[]) =
        ArgumentNullException.ThrowIfNull(gymState, nameof gymState)

        if gymState.Length <> 4 then
            raise (ArgumentException($"Acrobot: Gymnasium's state is [theta1, theta2, dtheta1, dtheta2], 4 values; got {gymState.Length}.", nameof gymState))

        { Theta1 = gymState[0]
          Theta2 = gymState[1]
          DTheta1 = gymState[2]
          DTheta2 = gymState[3]
          Steps = 0
          Done = false }

    [<CompiledName("ToGymState")>]
    let toGymState (state: AcrobotState) =
        [| state.Theta1; state.Theta2; state.DTheta1; state.DTheta2 |]

    [<Sealed>]
    type private AcrobotEnvironment(name: string, parameters: AcrobotParams) =
        do EnvironmentHandle.checkMaxSteps parameters.MaxSteps

        interface IEnvironment<AcrobotState> with
            member _.Name = name
            member _.ObservationSize = 6
            member _.ActionCount = 3
            member _.MaxSteps = parameters.MaxSteps
            member _.Reset(rng) = reset parameters rng
            member _.Step(state, action) = step parameters state action
            member _.Observe(state, destination) = observe (state, destination)
            member _.OfGymState(gymState: float[]) = ofGymState gymState
            member _.OfGymState(gymState: float[], steps: int) = { ofGymState gymState with Steps = steps }
            member _.ToGymState(state) = toGymState state

            member _.WithMaxSteps(maxSteps) =
                AcrobotEnvironment(name, { parameters with MaxSteps = maxSteps }) :> IEnvironment<AcrobotState>

        override _.ToString() = $"{name} (max steps {parameters.MaxSteps})"

    [<CompiledName("NamedEnvironment")>]
    let namedEnvironment (name: string) (parameters: AcrobotParams) =
        AcrobotEnvironment(name, parameters) :> IEnvironment<AcrobotState>

    [<CompiledName("Environment")>]
    let environment (parameters: AcrobotParams) =
        let name = if parameters = v1 then "Acrobot-v1" else "Acrobot"
        namedEnvironment name parameters
