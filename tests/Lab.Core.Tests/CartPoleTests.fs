module Lab.Core.Tests.CartPoleTests

open System
open Lab.Core
open Lab.Core.Tests.TestSupport
open FsCheck.FSharp
open Xunit

let private state x xDot theta thetaDot =
    { X = x
      XDot = xDot
      Theta = theta
      ThetaDot = thetaDot
      Steps = 0
      Done = false }

let private zero = state 0.0 0.0 0.0 0.0

[<Fact>]
let ``the presets carry Gymnasium's constants`` () =
    let p = CartPole.v1
    Assert.Equal(9.8, p.Gravity)
    Assert.Equal(1.0, p.MassCart)
    Assert.Equal(0.1, p.MassPole)
    Assert.Equal(0.5, p.Length)
    Assert.Equal(10.0, p.ForceMag)
    Assert.Equal(0.02, p.Tau)
    Assert.Equal(2.4, p.XThreshold)
    Assert.Equal(500, CartPole.v1.MaxSteps)
    Assert.Equal(200, CartPole.v0.MaxSteps)
    Assert.Equal({ CartPole.v1 with MaxSteps = 200 }, CartPole.v0)

[<Fact>]
let ``the angle threshold is 12 * 2 * pi / 360 as Gymnasium computes it, not radians(12)`` () =
    // Python: repr(12 * 2 * math.pi / 360) == '0.20943951023931953', while
    // repr(math.radians(12)) == '0.20943951023931956': the last bit differs.
    Assert.Equal(bits 0.20943951023931953, bits CartPole.v1.ThetaThresholdRadians)
    Assert.NotEqual(bits (12.0 * Math.PI / 180.0 + 2.7755575615628914E-17), bits CartPole.v1.ThetaThresholdRadians)

[<Fact>]
let ``hand-checked: pushing right from rest`` () =
    // From (0, 0, 0, 0) with action 1: cos 0 = 1 and sin 0 = 0, so with exact rationals
    //   temp     = 10 / 1.1                                = 100/11
    //   thetaacc = -temp / (0.5 · (4/3 − 0.1/1.1))         = −(100/11) / (41/66) = −600/41
    //   xacc     = temp − 0.05 · thetaacc / 1.1            = 100/11 + 300/451   = 4400/451
    // and Euler from rest moves only the velocities: x_dot = 0.02 · 4400/451 = 88/451,
    // theta_dot = 0.02 · (−600/41) = −12/41. The float64 values agree with these fractions to
    // rounding, and their bits equal Python's (make_fixture.step((0.0, 0.0, 0.0, 0.0), 1) gives
    // (0.0, 0.1951219512195122, 0.0, -0.2926829268292683)).
    let r = CartPole.step CartPole.v1 zero 1
    Assert.Equal(0.0, r.State.X)
    Assert.Equal(0.0, r.State.Theta)
    Assert.Equal(88.0 / 451.0, r.State.XDot, 15)
    Assert.Equal(-12.0 / 41.0, r.State.ThetaDot, 15)
    Assert.Equal(bits 0.1951219512195122, bits r.State.XDot)
    Assert.Equal(bits -0.2926829268292683, bits r.State.ThetaDot)
    Assert.Equal(1.0, r.Reward)
    Assert.False(r.Terminated)
    Assert.False(r.Truncated)
    Assert.Equal(1, r.State.Steps)
    Assert.False(r.State.Done)

[<Fact>]
let ``hand-checked: pushing left from rest is the exact mirror image`` () =
    // Every operation is odd in the force when theta = theta_dot = 0, and IEEE negation is exact.
    let right = CartPole.step CartPole.v1 zero 1
    let left = CartPole.step CartPole.v1 zero 0
    Assert.Equal(bits -right.State.XDot, bits left.State.XDot)
    Assert.Equal(bits -right.State.ThetaDot, bits left.State.ThetaDot)

[<Fact>]
let ``hand-checked: Euler moves positions by the old velocities`` () =
    // x' = x + 0.02 · x_dot and theta' = theta + 0.02 · theta_dot use the velocities before the
    // step: from (0.01, −0.02, 0.03, −0.04), x' = 0.01 − 0.0004 = 0.0096 and theta' = 0.03 − 0.0008
    // = 0.0292 (Python: 0.009600000000000001 and 0.0292, the float64 sums).
    let r = CartPole.step CartPole.v1 (state 0.01 -0.02 0.03 -0.04) 1
    Assert.Equal(bits 0.009600000000000001, bits r.State.X)
    Assert.Equal(bits 0.0292, bits r.State.Theta)
    // Velocities from make_fixture.step((0.01, -0.02, 0.03, -0.04), 1).
    Assert.Equal(bits 0.17467919574755525, bits r.State.XDot)
    Assert.Equal(bits -0.3230687179600081, bits r.State.ThetaDot)

[<Fact>]
let ``a state exactly on a threshold is not terminated; the next double beyond it is`` () =
    let t = CartPole.v1.ThetaThresholdRadians
    // With zero velocities the positions do not move on this step.
    let onEdge = [ state 2.4 0.0 0.0 0.0; state -2.4 0.0 0.0 0.0; state 0.0 0.0 t 0.0; state 0.0 0.0 -t 0.0 ]

    for s in onEdge do
        Assert.False((CartPole.step CartPole.v1 s 0).Terminated, $"{s}")

    let beyond =
        [ state (Math.BitIncrement 2.4) 0.0 0.0 0.0
          state (Math.BitDecrement -2.4) 0.0 0.0 0.0
          state 0.0 0.0 (Math.BitIncrement t) 0.0
          state 0.0 0.0 (Math.BitDecrement -t) 0.0 ]

    for s in beyond do
        let r = CartPole.step CartPole.v1 s 1
        Assert.True(r.Terminated, $"{s}")
        Assert.True(r.State.Done)
        Assert.Equal(1.0, r.Reward)

[<Fact>]
let ``stepping an episode that has ended is refused with a clear error`` () =
    let mutable s = zero
    let mutable r = CartPole.step CartPole.v1 s 1

    while not r.Terminated do
        s <- r.State
        r <- CartPole.step CartPole.v1 s 1

    let ended = r.State
    Assert.True(ended.Done)
    let error = Assert.Throws<InvalidOperationException>(fun () -> CartPole.step CartPole.v1 ended 0 |> ignore)
    Assert.Contains("already ended", error.Message)
    Assert.Contains("reset", error.Message)

[<Fact>]
let ``stepping a truncated episode is refused too`` () =
    let r = CartPole.step { CartPole.v1 with MaxSteps = 1 } zero 0
    Assert.True(r.Truncated)
    Assert.True(r.State.Done)
    Assert.Throws<InvalidOperationException>(fun () -> CartPole.step CartPole.v1 r.State 0 |> ignore) |> ignore

[<Fact>]
let ``an action other than 0 or 1 is refused`` () =
    for action in [ -1; 2; 7 ] do
        let error = Assert.Throws<ArgumentException>(fun () -> CartPole.step CartPole.v1 zero action |> ignore)
        Assert.Contains($"got {action}", error.Message)

/// Runs a balancing controller from a fixed start until the episode ends; returns the last result
/// and the number of steps.
let private runToEnd (parameters: CartPoleParams) =
    let mutable s = state 0.01 0.0 0.01 0.0
    let mutable finished = false
    let mutable last = Unchecked.defaultof<StepResult<CartPoleState>>

    while not finished do
        let action = if s.Theta + 0.5 * s.ThetaDot + 0.01 * s.X + 0.05 * s.XDot > 0.0 then 1 else 0
        last <- CartPole.step parameters s action
        s <- last.State
        finished <- last.Terminated || last.Truncated

    last

[<Theory>]
[<InlineData(200)>]
[<InlineData(500)>]
[<InlineData(1000)>]
[<InlineData(1)>]
let ``a balanced episode is truncated exactly at the cap`` (cap: int) =
    let last = runToEnd { CartPole.v1 with MaxSteps = cap }
    Assert.True(last.Truncated)
    Assert.False(last.Terminated)
    Assert.Equal(cap, last.State.Steps)

[<Fact>]
let ``the presets truncate at 200 (v0) and 500 (v1)`` () =
    Assert.Equal(200, (runToEnd CartPole.v0).State.Steps)
    Assert.Equal(500, (runToEnd CartPole.v1).State.Steps)

[<Fact>]
let ``terminated and truncated can both be true`` () =
    let mutable s = zero
    let mutable n = 0
    let mutable r = CartPole.step CartPole.v1 s 1

    while not r.Terminated do
        s <- r.State
        r <- CartPole.step CartPole.v1 s 1

    let fallsAt = r.State.Steps
    let capped = CartPole.step { CartPole.v1 with MaxSteps = fallsAt } s 1
    Assert.True(capped.Terminated)
    Assert.True(capped.Truncated)
    ignore n

[<Fact>]
let ``reset draws each of the four values uniformly in [-0.05, 0.05), in the order x, x_dot, theta, theta_dot`` () =
    check (fun (seed: uint64) ->
        let rng = Rng.create seed
        let struct (s, next) = CartPole.reset CartPole.v1 rng
        let struct (x, r1) = Rng.nextUniform -0.05 0.05 rng
        let struct (xDot, r2) = Rng.nextUniform -0.05 0.05 r1
        let struct (theta, r3) = Rng.nextUniform -0.05 0.05 r2
        let struct (thetaDot, r4) = Rng.nextUniform -0.05 0.05 r3

        let inRange v = v >= -0.05 && v < 0.05

        inRange s.X && inRange s.XDot && inRange s.Theta && inRange s.ThetaDot
        && s.Steps = 0 && not s.Done
        && (s.X, s.XDot, s.Theta, s.ThetaDot) = (x, xDot, theta, thetaDot)
        && next = r4)

[<Fact>]
let ``reset's largest possible value is below 0.05`` () =
    // u = 1 − 2^−53 is nextDouble's largest value.
    let largest = -0.05 + (0.05 - -0.05) * (1.0 - Math.Pow(2.0, -53.0))
    Assert.True(largest < 0.05)

[<Fact>]
let ``reset spreads start states over the whole range`` () =
    let mutable rng = Rng.forStream 3UL "env"

    let xs =
        [ for _ in 1..2000 do
              let struct (s, next) = CartPole.reset CartPole.v1 rng
              rng <- next
              s.Theta ]

    Assert.InRange(List.min xs, -0.05, -0.049)
    Assert.InRange(List.max xs, 0.049, 0.05)

[<Fact>]
let ``observe writes the four values as float32`` () =
    let s = state 0.1 -0.2 0.03 1e-10
    let destination = Array.create 5 99.0f
    CartPole.observe (s, Span destination)
    Assert.Equal<float32[]>([| 0.1f; -0.2f; 0.03f; 1e-10f; 99.0f |], destination)

[<Fact>]
let ``observe refuses a destination shorter than 4`` () =
    Assert.Throws<ArgumentException>(fun () -> CartPole.observe (zero, Span(Array.zeroCreate<float32> 3))) |> ignore

[<Fact>]
let ``step is a pure function: the same input gives the same output`` () =
    let gen = Gen.choose (-1000, 1000) |> Gen.map (fun k -> float k / 10000.0)

    check (
        Prop.forAll (Arb.fromGen (Gen.zip (Gen.zip gen gen) (Gen.zip gen (Gen.elements [ 0; 1 ])))) (fun ((x, v), (th, a)) ->
            let s = state x v th (v * 2.0)
            CartPole.step CartPole.v1 s a = CartPole.step CartPole.v1 s a)
    )

[<Fact>]
let ``step allocates nothing`` () =
    let p = CartPole.v1
    let mutable s = zero
    // Warm up (JIT), then count.
    for _ in 1..100 do
        CartPole.step p zero 1 |> ignore

    let before = GC.GetAllocatedBytesForCurrentThread()

    for i in 1..1000 do
        let r = CartPole.step p s (i % 2)
        s <- if r.State.Done then zero else r.State

    let after = GC.GetAllocatedBytesForCurrentThread()
    Assert.Equal(0L, after - before)

[<Fact>]
let ``the Gymnasium state round-trips: ofGymState and toGymState`` () =
    let gym = [| 0.1; -0.2; 0.03; -0.0 |]
    let s = CartPole.ofGymState gym
    Assert.Equal(state 0.1 -0.2 0.03 -0.0, s)
    Assert.Equal<int64[]>(Array.map bits gym, Array.map bits (CartPole.toGymState s))
    Assert.Equal<int64[]>(Array.map bits gym, Array.map bits (CartPole.toGymState { s with Steps = 7 }))

[<Fact>]
let ``ofGymState refuses a vector that is not four long`` () =
    for bad in [ [||]; [| 1.0; 2.0; 3.0 |]; [| 1.0; 2.0; 3.0; 4.0; 5.0 |] ] do
        let error = Assert.Throws<ArgumentException>(fun () -> CartPole.ofGymState bad |> ignore)
        Assert.Contains("4 values", error.Message)

[<Fact>]
let ``squares are v * v as Gymnasium 1.x's np.square, not the C library's pow`` () =
    // -1.5455583068700371 is a theta_dot whose pow(v, 2.0) differs from v * v in the last bit, and
    // from (0.01, -0.02, 0.03, v) the difference survives the step: make_fixture.step (v * v) gives
    // x_dot 0.17474904848810024, the old pow version (step_with_pow) 0.17474904848810022.
    let v = -1.5455583068700371
    Assert.NotEqual(bits (v * v), bits (Math.Pow(v, 2.0)))
    let r = CartPole.step CartPole.v1 (state 0.01 -0.02 0.03 v) 1
    Assert.Equal(bits 0.17474904848810024, bits r.State.XDot)
    Assert.Equal(bits -1.828731756793799, bits r.State.ThetaDot)

[<Fact>]
let ``Math.SinCos gives the same bits as separate Math.Sin and Math.Cos over CartPole's angles`` () =
    let mutable rng = Rng.create 7UL

    for _ in 0..1_000_000 do
        let struct (u, next) = Rng.nextUniform -1.0 1.0 rng
        rng <- next
        let struct (s, c) = Math.SinCos u
        Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Sin u), BitConverter.DoubleToInt64Bits s)
        Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Cos u), BitConverter.DoubleToInt64Bits c)
