module Lab.Core.Tests.ScheduleTests

open System
open Lab.Core
open Lab.Core.Tests.TestSupport
open FsCheck.FSharp
open Xunit

let private probability = Gen.choose (0, 1000) |> Gen.map (fun k -> float k / 1000.0)
let private count = Gen.choose (0, 2_000_000) |> Gen.map int64

let private schedules =
    Gen.oneof
        [ probability |> Gen.map Constant
          gen {
              let! a = probability
              let! b = probability
              let! decay = Gen.elements [ 0.0; 0.5; 0.9; 0.99; 0.995; 0.999; 0.9999; 1.0 ]
              return Multiplicative(max a b, min a b, decay)
          }
          gen {
              let! a = probability
              let! b = probability
              let! steps = Gen.elements [ 0L; 1L; 10L; 1000L; 25_000L; 500_000L ]
              // Decreasing, as every notebook and CleanRL use it.
              return Linear(max a b, min a b, steps)
          } ]

let private bounds schedule =
    match schedule with
    | Constant e -> e, e
    | Multiplicative(start, minimum, _) -> minimum, max start minimum
    | Linear(start, finish, _) -> min start finish, max start finish

[<Fact>]
let ``every schedule is monotone non-increasing and bounded by its end points`` () =
    check (
        Prop.forAll (Arb.fromGen (Gen.zip schedules (Gen.zip count count))) (fun (schedule, (a, b)) ->
            let earlier, later = min a b, max a b
            let e1 = Schedules.epsilon schedule earlier
            let e2 = Schedules.epsilon schedule later
            let lo, hi = bounds schedule
            e2 <= e1 && lo <= e1 && e1 <= hi && lo <= e2 && e2 <= hi)
    )

[<Fact>]
let ``consecutive counts never go up`` () =
    for schedule in [ Multiplicative(1.0, 0.01, 0.995); Linear(1.0, 0.05, 500L); Linear(0.9, 0.1, 3L) ] do
        let values = [ for n in 0L .. 2000L -> Schedules.epsilon schedule n ]
        Assert.True(List.pairwise values |> List.forall (fun (a, b) -> b <= a), $"{schedule}")

[<Fact>]
let ``a constant schedule is constant`` () =
    check (fun (n: uint32) -> Schedules.epsilon (Constant 0.1) (int64 n) = 0.1)

[<Fact>]
let ``multiplicative: start at count 0, start·decay^n, then the minimum`` () =
    let s = Multiplicative(1.0, 0.01, 0.995)
    Assert.Equal(1.0, Schedules.epsilon s 0L)
    Assert.Equal(0.995, Schedules.epsilon s 1L)
    Assert.Equal(Math.Pow(0.995, 100.0), Schedules.epsilon s 100L)
    // 0.995^919 ≈ 0.0100 and 0.995^920 < 0.01.
    Assert.True(Schedules.epsilon s 918L > 0.01)
    Assert.Equal(0.01, Schedules.epsilon s 1000L)
    Assert.Equal(0.01, Schedules.epsilon s Int64.MaxValue)

[<Fact>]
let ``multiplicative agrees with the notebooks' repeated update to within rounding`` () =
    // Notebooks 000/002: epsilon = max(epsilon_min, epsilon * decay) after each replay.
    let mutable eps = 1.0

    for n in 1L .. 1500L do
        eps <- max 0.01 (eps * 0.995)
        Assert.Equal(eps, Schedules.epsilon (Multiplicative(1.0, 0.01, 0.995)) n, 12)

[<Fact>]
let ``linear: CleanRL's linear_schedule`` () =
    // CleanRL: slope = (end_e - start_e) / duration; max(slope * t + start_e, end_e).
    let s = Linear(1.0, 0.05, 500L)
    Assert.Equal(1.0, Schedules.epsilon s 0L)
    Assert.Equal((0.05 - 1.0) / 500.0 * 250.0 + 1.0, Schedules.epsilon s 250L)
    // Python: linear_schedule(1.0, 0.05, 500, t) for t = 250, 500, 501 gives 0.525,
    // 0.050000000000000044 (the line lands a few ulps above end_e at t = duration) and 0.05.
    Assert.Equal(0.525, Schedules.epsilon s 250L)
    Assert.Equal(0.050000000000000044, Schedules.epsilon s 500L)
    Assert.Equal(0.05, Schedules.epsilon s 501L)
    Assert.Equal(0.05, Schedules.epsilon s 10_000L)
    Assert.Equal(0.05, Schedules.epsilon (Linear(1.0, 0.05, 0L)) 0L)

[<Fact>]
let ``linear upwards rises and stops at finish`` () =
    let s = Linear(0.0, 1.0, 10L)
    Assert.Equal(0.5, Schedules.epsilon s 5L, 12)
    Assert.Equal(1.0, Schedules.epsilon s 11L)

[<Fact>]
let ``invalid arguments are refused`` () =
    Assert.Throws<ArgumentException>(fun () -> Schedules.epsilon (Constant 0.1) -1L |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Schedules.epsilon (Multiplicative(1.0, 0.1, 1.5)) 3L |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Schedules.epsilon (Multiplicative(1.0, 0.1, -0.5)) 3L |> ignore) |> ignore
