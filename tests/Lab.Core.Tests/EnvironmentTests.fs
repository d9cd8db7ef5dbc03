module Lab.Core.Tests.EnvironmentTests

open System
open Lab.Core
open Xunit

/// What the C# shell does: open a handle without naming the state type and run an episode.
type private EpisodeLength(seed: uint64, action: int) =
    interface IEnvironmentVisitor<int * bool> with
        member _.Visit<'State when 'State: struct>(environment: IEnvironment<'State>) =
            let struct (start, _) = environment.Reset(Rng.forStream seed "env")
            let observation = Array.zeroCreate<float32> environment.ObservationSize
            environment.Observe(start, Span observation)
            let mutable state = start
            let mutable steps = 0
            let mutable finished = false
            let mutable truncated = false

            while not finished do
                let r = environment.Step(state, action)
                state <- r.State
                steps <- steps + 1
                truncated <- r.Truncated
                finished <- r.Terminated || r.Truncated

            steps, truncated

[<Fact>]
let ``the registry knows CartPole-v0, CartPole-v1, Acrobot-v1 and MountainCar-v0`` () =
    Assert.Equal<string list>([ "CartPole-v0"; "CartPole-v1"; "Acrobot-v1"; "MountainCar-v0" ], Environments.names)

[<Fact>]
let ``Acrobot-v1 and MountainCar-v0 have Gymnasium's caps, thresholds and sizes`` () =
    let acrobot = (Environments.tryCreate "Acrobot-v1" None).Value
    let car = (Environments.tryCreate "MountainCar-v0" None).Value
    Assert.Equal(("Acrobot-v1", 500, -100.0, 6, 3), (acrobot.Name, acrobot.MaxSteps, acrobot.SolvedAt, acrobot.ObservationSize, acrobot.ActionCount))
    Assert.Equal(("MountainCar-v0", 200, -110.0, 2, 3), (car.Name, car.MaxSteps, car.SolvedAt, car.ObservationSize, car.ActionCount))
    let capped = (Environments.tryCreate "MountainCar-v0" (Some 1000)).Value
    Assert.Equal(("MountainCar-v0", 1000, -110.0), (capped.Name, capped.MaxSteps, capped.SolvedAt))
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Environments.tryCreate "Acrobot-v1" (Some 0) |> ignore) |> ignore

[<Fact>]
let ``a visitor runs an Acrobot and a MountainCar episode through the handle`` () =
    // Without torque the acrobot hangs and is truncated at 500; pushing right only, the car never
    // leaves the valley and is truncated at 200.
    Assert.Equal((500, true), (Environments.create ("Acrobot-v1", 0)).Accept(EpisodeLength(3UL, 1)))
    Assert.Equal((200, true), (Environments.create ("MountainCar-v0", 0)).Accept(EpisodeLength(3UL, 2)))

/// Reads an env's Gymnasium state back after OfGymState, through the handle.
type private GymRoundTrip(gymState: float[]) =
    interface IEnvironmentVisitor<float[]> with
        member _.Visit<'State when 'State: struct>(environment: IEnvironment<'State>) =
            environment.ToGymState(environment.OfGymState gymState)

[<Fact>]
let ``every registered environment builds its state from Gymnasium's state vector and reads it back`` () =
    for name, gym in [ "CartPole-v0", [| 0.1; -0.2; 0.03; 0.4 |]
                       "CartPole-v1", [| 0.1; -0.2; 0.03; 0.4 |]
                       "Acrobot-v1", [| 0.1; -0.2; 0.03; 0.4 |]
                       "MountainCar-v0", [| -0.5; 0.01 |] ] do
        Assert.Equal<float[]>(gym, (Environments.create (name, 0)).Accept(GymRoundTrip gym))

[<Fact>]
let ``CartPole-v0 and v1 have their caps and solved-at thresholds`` () =
    let v0 = (Environments.tryCreate "CartPole-v0" None).Value
    let v1 = (Environments.tryCreate "CartPole-v1" None).Value
    Assert.Equal(("CartPole-v0", 200, 195.0, 4, 2), (v0.Name, v0.MaxSteps, v0.SolvedAt, v0.ObservationSize, v0.ActionCount))
    Assert.Equal(("CartPole-v1", 500, 475.0, 4, 2), (v1.Name, v1.MaxSteps, v1.SolvedAt, v1.ObservationSize, v1.ActionCount))

[<Fact>]
let ``the registry's facts: names, preset caps and solved-at thresholds, without building an env`` () =
    Assert.Equal(Some { Name = "CartPole-v0"; MaxSteps = 200; SolvedAt = 195.0 }, Environments.tryFacts "CartPole-v0")
    Assert.Equal(Some { Name = "CartPole-v1"; MaxSteps = 500; SolvedAt = 475.0 }, Environments.tryFacts "CartPole-v1")
    Assert.Equal(None, Environments.tryFacts "cartpole-v1")
    Assert.Equal(None, Environments.tryFacts "Acrobot-v9")
    Assert.Equal<string list>(Environments.names, Environments.all |> List.map (fun f -> f.Name))

[<Fact>]
let ``an environment built by name has the facts of its name`` () =
    for facts in Environments.all do
        let handle = Environments.create (facts.Name, 0)
        Assert.Equal((facts.Name, facts.MaxSteps, facts.SolvedAt), (handle.Name, handle.MaxSteps, handle.SolvedAt))

[<Fact>]
let ``a custom cap keeps the name and the threshold`` () =
    let handle = (Environments.tryCreate "CartPole-v1" (Some 1000)).Value
    Assert.Equal(("CartPole-v1", 1000, 475.0), (handle.Name, handle.MaxSteps, handle.SolvedAt))
    let shorter = handle.WithMaxSteps 3
    Assert.Equal(("CartPole-v1", 3, 475.0), (shorter.Name, shorter.MaxSteps, shorter.SolvedAt))
    Assert.Equal((3, true), shorter.Accept(EpisodeLength(1UL, 0)) |> fun (n, t) -> (min n 3, t || n < 3))

[<Fact>]
let ``an unknown name gives None, and Create names the known ones`` () =
    Assert.True((Environments.tryCreate "Pendulum-v1" None).IsNone)
    Assert.True((Environments.tryCreate "cartpole-v1" None).IsNone)
    Assert.True((Environments.tryCreate "acrobot-v1" None).IsNone)
    let error = Assert.Throws<ArgumentException>(fun () -> Environments.create ("Pendulum-v1", 0) |> ignore)
    Assert.Contains("Pendulum-v1", error.Message)
    Assert.Contains("CartPole-v0, CartPole-v1, Acrobot-v1, MountainCar-v0", error.Message)

[<Fact>]
let ``Create with a cap of 0 or less means the preset's cap`` () =
    Assert.Equal(500, (Environments.create ("CartPole-v1", 0)).MaxSteps)
    Assert.Equal(200, (Environments.create ("CartPole-v0", -1)).MaxSteps)
    Assert.Equal(10_000, (Environments.create ("CartPole-v0", 10_000)).MaxSteps)

[<Fact>]
let ``a cap that is not positive is refused where it is explicit`` () =
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Environments.tryCreate "CartPole-v1" (Some 0) |> ignore) |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> (CartPole.environment CartPole.v1).WithMaxSteps -5 |> ignore) |> ignore

[<Fact>]
let ``a visitor runs an episode through the handle`` () =
    // Always pushing right topples the pole within a few dozen steps.
    let steps, truncated = (Environments.create ("CartPole-v1", 0)).Accept(EpisodeLength(5UL, 1))
    Assert.InRange(steps, 5, 60)
    Assert.False(truncated)

[<Fact>]
let ``the environment is the module's functions`` () =
    let env = CartPole.environment CartPole.v0
    Assert.Equal("CartPole-v0", env.Name)
    Assert.Equal("CartPole-v1", (CartPole.environment CartPole.v1).Name)
    Assert.Equal("CartPole", (CartPole.environment { CartPole.v1 with MaxSteps = 42 }).Name)
    Assert.Equal("CartPole-v0", (env.WithMaxSteps 42).Name)
    let rng = Rng.create 9UL
    let struct (a, _) = env.Reset rng
    let struct (b, _) = CartPole.reset CartPole.v0 rng
    Assert.Equal(b, a)
    Assert.Equal(CartPole.step CartPole.v0 a 1, env.Step(a, 1))
