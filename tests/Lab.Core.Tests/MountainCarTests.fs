module Lab.Core.Tests.MountainCarTests

open System
open Lab.Core
open Lab.Core.Tests.TestSupport
open Xunit

let private state position velocity =
    { Position = position
      Velocity = velocity
      Steps = 0
      Done = false }

[<Fact>]
let ``the preset carries Gymnasium's constants`` () =
    let p = MountainCar.v0
    Assert.Equal(-1.2, p.MinPosition)
    Assert.Equal(0.6, p.MaxPosition)
    Assert.Equal(0.07, p.MaxSpeed)
    Assert.Equal(0.5, p.GoalPosition)
    Assert.Equal(0.0, p.GoalVelocity)
    Assert.Equal(0.001, p.Force)
    Assert.Equal(0.0025, p.Gravity)
    Assert.Equal(200, p.MaxSteps)

[<Fact>]
let ``hand-checked: one step from the top of the valley's middle, each action`` () =
    // At position 0, cos(3 * 0) = 1 exactly, so velocity = 0 + ((action - 1) * 0.001 - 0.0025):
    // -0.0035, -0.0025 or -0.0015 (each the double nearest, as Python's 0.001 - 0.0025 gives), and
    // the position moves by the new velocity (semi-implicit Euler): position = velocity.
    for action, expected in [ 0, -0.0035; 1, -0.0025; 2, -0.0015 ] do
        let r = MountainCar.step MountainCar.v0 (state 0.0 0.0) action
        Assert.Equal(bits expected, bits r.State.Velocity)
        Assert.Equal(bits expected, bits r.State.Position)
        Assert.Equal(-1.0, r.Reward)
        Assert.False(r.Terminated)
        Assert.Equal(1, r.State.Steps)

[<Fact>]
let ``hand-checked: the position moves by the new velocity, not the old one`` () =
    // From (-0.5, 0): velocity = 0.001 + cos(-1.5) * -0.0025 = 0.001 - 0.0025 * 0.0707372 = 0.000823157,
    // and the position is -0.5 + 0.000823157 (make_fixture.step gives these bits).
    let r = MountainCar.step MountainCar.v0 (state -0.5 0.0) 2
    Assert.Equal(bits 0.0008231569958307428, bits r.State.Velocity)
    Assert.Equal(bits -0.49917684300416926, bits r.State.Position)
    Assert.Equal(0.000823157, r.State.Velocity, 9)

[<Fact>]
let ``the left wall stops the car: position -1.2 and velocity 0`` () =
    // From (-1.2, -0.07) pushing left: velocity -0.07 - 0.001 + 0.0025 * 0.897 = -0.0688 (inside the
    // speed limit); position -1.2 - 0.0688 is clipped to -1.2, and a negative velocity there is 0.
    let r = MountainCar.step MountainCar.v0 (state -1.2 -0.07) 0
    Assert.Equal(bits -1.2, bits r.State.Position)
    Assert.Equal(bits 0.0, bits r.State.Velocity)
    Assert.False(r.Terminated)
    // At the wall but moving right, the velocity is kept.
    let r = MountainCar.step MountainCar.v0 (state -1.2 0.01) 2
    Assert.True(r.State.Position > -1.2)
    Assert.True(r.State.Velocity > 0.0)
    // Next to the wall, moving left but not reaching it: the velocity is kept.
    let r = MountainCar.step MountainCar.v0 (state -1.1 -0.01) 0
    Assert.True(r.State.Position > -1.2 && r.State.Velocity < 0.0)

[<Fact>]
let ``velocity is clipped to 0.07 and position to 0.6`` () =
    let r = MountainCar.step MountainCar.v0 (state 0.59 0.07) 2
    Assert.Equal(bits 0.07, bits r.State.Velocity)
    Assert.Equal(bits 0.6, bits r.State.Position)
    let r = MountainCar.step MountainCar.v0 (state 0.0 -0.07) 0
    Assert.Equal(bits -0.07, bits r.State.Velocity)

[<Fact>]
let ``reaching the flag terminates with reward -1; the goal velocity must be met too`` () =
    // From (0.495, 0.01) without pushing: velocity 0.01 - 0.0025 * cos(1.485) = 0.009786 and the
    // position 0.504786 >= 0.5.
    let r = MountainCar.step MountainCar.v0 (state 0.495 0.01) 1
    Assert.True(r.Terminated)
    Assert.Equal(-1.0, r.Reward)
    Assert.True(r.State.Done)
    Assert.Equal(bits 0.5047857722310096, bits r.State.Position)
    // Gymnasium's goal_velocity argument: with 0.05 the same step does not terminate.
    let r = MountainCar.step { MountainCar.v0 with GoalVelocity = 0.05 } (state 0.495 0.01) 1
    Assert.False(r.Terminated)
    // Just short of the flag: not terminated.
    let r = MountainCar.step MountainCar.v0 (state 0.48 0.01) 1
    Assert.True(r.State.Position < 0.5)
    Assert.False(r.Terminated)

[<Fact>]
let ``exactly on the flag with velocity exactly 0 terminates: both comparisons are >=`` () =
    // Gravity 0 and no push: velocity stays 0 and position stays 0.5.
    let p = { MountainCar.v0 with Gravity = 0.0 }
    let r = MountainCar.step p (state 0.5 0.0) 1
    Assert.Equal((0.5, 0.0), (r.State.Position, r.State.Velocity))
    Assert.True(r.Terminated)
    let r = MountainCar.step p (state (Math.BitDecrement 0.5) 0.0) 1
    Assert.False(r.Terminated)

[<Fact>]
let ``an episode without pushing is truncated at the cap`` () =
    for cap in [ 1; 200; 1000 ] do
        let p = { MountainCar.v0 with MaxSteps = cap }
        let mutable r = MountainCar.step p (state -0.5 0.0) 1

        while not r.State.Done do
            r <- MountainCar.step p r.State 1

        Assert.True(r.Truncated)
        Assert.False(r.Terminated)
        Assert.Equal(cap, r.State.Steps)

[<Fact>]
let ``stepping an ended episode or with an unknown action is refused`` () =
    let ended = (MountainCar.step { MountainCar.v0 with MaxSteps = 1 } (state -0.5 0.0) 1).State
    let error = Assert.Throws<InvalidOperationException>(fun () -> MountainCar.step MountainCar.v0 ended 0 |> ignore)
    Assert.Contains("already ended", error.Message)

    for action in [ -1; 3 ] do
        let error = Assert.Throws<ArgumentException>(fun () -> MountainCar.step MountainCar.v0 (state 0.0 0.0) action |> ignore)
        Assert.Contains($"got {action}", error.Message)

[<Fact>]
let ``reset draws the position uniformly in [-0.6, -0.4) with velocity 0`` () =
    check (fun (seed: uint64) ->
        let rng = Rng.create seed
        let struct (s, next) = MountainCar.reset MountainCar.v0 rng
        let struct (position, r1) = Rng.nextUniform -0.6 -0.4 rng
        s.Position = position && s.Position >= -0.6 && s.Position < -0.4 && s.Velocity = 0.0
        && s.Steps = 0 && not s.Done && next = r1)

[<Fact>]
let ``observe writes position and velocity as float32`` () =
    let destination = Array.create 3 99.0f
    MountainCar.observe (state -0.5 0.01, Span destination)
    Assert.Equal<float32[]>([| -0.5f; 0.01f; 99.0f |], destination)
    Assert.Throws<ArgumentException>(fun () -> MountainCar.observe (state 0.0 0.0, Span(Array.zeroCreate<float32> 1))) |> ignore

[<Fact>]
let ``the Gymnasium state round-trips: ofGymState and toGymState`` () =
    let gym = [| -0.5234; 0.0123 |]
    let s = MountainCar.ofGymState gym
    Assert.Equal(state -0.5234 0.0123, s)
    Assert.Equal<int64[]>(Array.map bits gym, Array.map bits (MountainCar.toGymState s))

    for bad in [ [||]; [| 1.0 |]; [| 1.0; 2.0; 3.0 |] ] do
        Assert.Throws<ArgumentException>(fun () -> MountainCar.ofGymState bad |> ignore) |> ignore

[<Fact>]
let ``the environment has two observations and three actions`` () =
    let env = MountainCar.environment MountainCar.v0
    Assert.Equal(("MountainCar-v0", 2, 3, 200), (env.Name, env.ObservationSize, env.ActionCount, env.MaxSteps))
    Assert.Equal("MountainCar", (MountainCar.environment { MountainCar.v0 with MaxSteps = 3 }).Name)
    let s = env.OfGymState([| -0.5; 0.0 |], 199)
    Assert.True((env.Step(s, 1)).Truncated)

[<Fact>]
let ``step allocates nothing`` () =
    let p = MountainCar.v0
    let start = state -0.5 0.0
    let mutable s = start

    for _ in 1..100 do
        MountainCar.step p start 2 |> ignore

    let before = GC.GetAllocatedBytesForCurrentThread()

    for i in 1..1000 do
        let r = MountainCar.step p s (i % 3)
        s <- if r.State.Done then start else r.State

    Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before)
