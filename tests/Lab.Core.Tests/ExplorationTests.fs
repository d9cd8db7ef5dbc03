module Lab.Core.Tests.ExplorationTests

open System
open Lab.Core
open Lab.Core.Tests.TestSupport
open FsCheck.FSharp
open Xunit

let private probability = Gen.choose (0, 1000) |> Gen.map (fun k -> float k / 1000.0)
let private count = Gen.choose (0, 2_000_000) |> Gen.map int64

let private policies =
    Gen.oneof
        [ probability |> Gen.map Constant
          gen {
              let! a = probability
              let! b = probability
              let! decay = Gen.elements [ 0.0; 0.5; 0.9; 0.99; 0.995; 0.999; 0.9999; 1.0 ]
              return MultiplicativePerUpdateRound(max a b, min a b, decay)
          }
          gen {
              let! a = probability
              let! b = probability
              let! steps = Gen.elements [ 0L; 1L; 10L; 1000L; 25_000L; 500_000L ]
              let! decayStart = Gen.elements [ 0L; 1L; 32L; 2000L ]
              // Decreasing, as every notebook and CleanRL use it.
              return LinearPerEnvStep(max a b, min a b, steps, decayStart)
          } ]

let private bounds policy =
    match policy with
    | Constant e -> e, e
    | MultiplicativePerUpdateRound(start, minimum, _) -> minimum, max start minimum
    | LinearPerEnvStep(start, finish, _, _) -> min start finish, max start finish

/// ε when both counters stand at `n` (each policy reads only its own).
let private at policy (n: int64) = Exploration.epsilon policy n n

[<Fact>]
let ``every policy is monotone non-increasing and bounded by its end points`` () =
    check (
        Prop.forAll (Arb.fromGen (Gen.zip policies (Gen.zip count count))) (fun (policy, (a, b)) ->
            let earlier, later = min a b, max a b
            let e1 = at policy earlier
            let e2 = at policy later
            let lo, hi = bounds policy
            e2 <= e1 && lo <= e1 && e1 <= hi && lo <= e2 && e2 <= hi)
    )

[<Fact>]
let ``consecutive counts never go up`` () =
    for policy in
        [ MultiplicativePerUpdateRound(1.0, 0.01, 0.995)
          LinearPerEnvStep(1.0, 0.05, 500L, 0L)
          LinearPerEnvStep(0.9, 0.1, 3L, 7L) ] do
        let values = [ for n in 0L .. 2000L -> at policy n ]
        Assert.True(List.pairwise values |> List.forall (fun (a, b) -> b <= a), $"{policy}")

[<Fact>]
let ``a constant policy is constant whatever the counters`` () =
    check (fun (steps: uint32) (rounds: uint32) -> Exploration.epsilon (Constant 0.1) (int64 steps) (int64 rounds) = 0.1)

[<Fact>]
let ``multiplicative: max(min, start · decay^rounds), driven by update rounds only`` () =
    let p = MultiplicativePerUpdateRound(1.0, 0.01, 0.995)
    Assert.Equal(1.0, Exploration.epsilon p 0L 0L)
    Assert.Equal(0.995, Exploration.epsilon p 0L 1L)
    Assert.Equal(Math.Pow(0.995, 100.0), Exploration.epsilon p 0L 100L)
    // 0.995^918 ≈ 0.01003 is still above the floor; 0.995^1000 ≈ 0.0067 is below it.
    Assert.True(Exploration.epsilon p 0L 918L > 0.01)
    Assert.Equal(0.01, Exploration.epsilon p 0L 1000L)
    Assert.Equal(0.01, Exploration.epsilon p 0L Int64.MaxValue)
    // A million env steps without an update round leave ε where it started.
    Assert.Equal(1.0, Exploration.epsilon p 1_000_000L 0L)
    // start 0.5, decay 0.5: 0.5 · 0.5^3 = 0.0625, above a floor of 0.05; 0.5 · 0.5^4 = 0.03125 is floored.
    let half = MultiplicativePerUpdateRound(0.5, 0.05, 0.5)
    Assert.Equal(0.0625, Exploration.epsilon half 99L 3L)
    Assert.Equal(0.05, Exploration.epsilon half 99L 4L)

[<Fact>]
let ``multiplicative agrees with the notebooks' repeated update to within rounding`` () =
    // Notebooks 000/002: epsilon = max(epsilon_min, epsilon * decay) after each replay.
    let mutable eps = 1.0

    for n in 1L .. 1500L do
        eps <- max 0.01 (eps * 0.995)
        Assert.Equal(eps, Exploration.epsilon (MultiplicativePerUpdateRound(1.0, 0.01, 0.995)) 0L n, 12)

[<Fact>]
let ``linear: CleanRL's linear_schedule over env steps, update rounds ignored`` () =
    // CleanRL: slope = (end_e - start_e) / duration; max(slope * t + start_e, end_e).
    let p = LinearPerEnvStep(1.0, 0.05, 500L, 0L)
    Assert.Equal(1.0, Exploration.epsilon p 0L 0L)
    Assert.Equal((0.05 - 1.0) / 500.0 * 250.0 + 1.0, Exploration.epsilon p 250L 0L)
    // Python: linear_schedule(1.0, 0.05, 500, t) for t = 250, 500, 501 gives 0.525,
    // 0.050000000000000044 (the line lands a few ulps above end_e at t = duration) and 0.05.
    Assert.Equal(0.525, Exploration.epsilon p 250L 0L)
    Assert.Equal(0.050000000000000044, Exploration.epsilon p 500L 0L)
    Assert.Equal(0.05, Exploration.epsilon p 501L 0L)
    Assert.Equal(0.05, Exploration.epsilon p 10_000L 0L)
    Assert.Equal(0.525, Exploration.epsilon p 250L 1_000_000L)
    Assert.Equal(0.05, Exploration.epsilon (LinearPerEnvStep(1.0, 0.05, 0L, 0L)) 0L 0L)

[<Fact>]
let ``linear with decay_start: start until decay_start, then the same line shifted by decay_start`` () =
    // Notebook 004's DQN agent: ε stays at 1 until step 2,000, then falls by 0.9/1000 per step to 0.1.
    let p = LinearPerEnvStep(1.0, 0.1, 1000L, 2000L)
    Assert.Equal(1.0, Exploration.epsilon p 0L 0L)
    Assert.Equal(1.0, Exploration.epsilon p 1999L 0L)
    Assert.Equal(1.0, Exploration.epsilon p 2000L 0L)
    // 500 steps into the decay: 1 − 0.9 · 500/1000 = 0.55.
    Assert.Equal(0.55, Exploration.epsilon p 2500L 0L, 12)
    Assert.Equal(0.1, Exploration.epsilon p 3001L 0L)
    Assert.Equal(0.1, Exploration.epsilon p 1_000_000L 0L)
    // The same line as without decay_start, 2,000 steps later.
    for n in 0L .. 50L .. 1500L do
        Assert.Equal(Exploration.epsilon (LinearPerEnvStep(1.0, 0.1, 1000L, 0L)) n 0L, Exploration.epsilon p (n + 2000L) 0L)

[<Fact>]
let ``linear upwards rises and stops at finish`` () =
    let p = LinearPerEnvStep(0.0, 1.0, 10L, 0L)
    Assert.Equal(0.5, Exploration.epsilon p 5L 0L, 12)
    Assert.Equal(1.0, Exploration.epsilon p 11L 0L)

[<Fact>]
let ``invalid arguments are refused`` () =
    Assert.Throws<ArgumentException>(fun () -> Exploration.epsilon (Constant 0.1) -1L 0L |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Exploration.epsilon (Constant 0.1) 0L -1L |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Exploration.epsilon (MultiplicativePerUpdateRound(1.0, 0.1, 1.5)) 0L 3L |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Exploration.epsilon (MultiplicativePerUpdateRound(1.0, 0.1, -0.5)) 0L 3L |> ignore) |> ignore
