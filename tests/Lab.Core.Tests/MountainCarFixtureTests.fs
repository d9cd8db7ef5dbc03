/// Replays tests/fixtures/mountaincar/trajectories.csv (Gymnasium 1.x's MountainCar step transcribed
/// in Python; see make_fixture.py there) through the public API (MountainCar.ofGymState,
/// MountainCar.step, MountainCar.toGymState, MountainCar.observe) and demands bit equality.
module Lab.Core.Tests.MountainCarFixtureTests

open System
open System.Globalization
open System.IO
open Lab.Core
open Lab.Core.Tests.TestSupport
open Xunit

type private Row =
    { Episode: int
      Step: int
      MaxSteps: int
      Before: float[]
      Action: int
      After: float[]
      Reward: float
      Terminated: bool
      Truncated: bool
      Observation: float32[] }

let private rows =
    lazy
        (let lines = File.ReadAllLines(fixturePath (Path.Combine("mountaincar", "trajectories.csv")))
         let f (s: string) = Double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)

         [| for line in Array.skip 1 lines do
                if not (String.IsNullOrWhiteSpace line) then
                    let c = line.Split ','

                    { Episode = int c[0]
                      Step = int c[1]
                      MaxSteps = int c[2]
                      Before = Array.map f c[3..4]
                      Action = int c[5]
                      After = Array.map f c[6..7]
                      Reward = f c[8]
                      Terminated = c[9] = "1"
                      Truncated = c[10] = "1"
                      Observation = Array.map (f >> float32) c[11..12] } |])

let private describe (v: float[]) =
    v |> Array.map (fun x -> x.ToString("R", CultureInfo.InvariantCulture)) |> String.concat ", "

[<Fact>]
let ``the fixture holds long episodes, every action, both endings, both walls and the speed limit`` () =
    let rows = rows.Force()
    Assert.True(rows.Length >= 5000, $"{rows.Length} rows")

    for action in 0..2 do
        Assert.Contains(rows, fun r -> r.Action = action)

    Assert.Contains(rows, fun r -> r.Terminated)
    Assert.Contains(rows, fun r -> r.Truncated && r.MaxSteps = 200 && r.Step = 199)
    Assert.Contains(rows, fun r -> r.Truncated && r.MaxSteps = 1000)
    Assert.Contains(rows, fun r -> r.Truncated && r.Terminated)
    Assert.All(rows, fun r -> Assert.Equal(-1.0, r.Reward))
    // The left wall stopped the car: position -1.2, and a velocity that would have been negative is 0.
    Assert.Contains(rows, fun r -> r.After[0] = -1.2 && r.After[1] = 0.0 && r.Before[1] < 0.0)
    Assert.Contains(rows, fun r -> r.After[0] = 0.6)
    Assert.Contains(rows, fun r -> abs r.After[1] = 0.07)

[<Fact>]
let ``every recorded Gymnasium trajectory is reproduced bit for bit`` () =
    let rows = rows.Force()
    let failures = Collections.Generic.List<string>()
    let mutable current = None
    let observation = Array.zeroCreate<float32> 2

    for row in rows do
        let parameters = { MountainCar.v0 with MaxSteps = row.MaxSteps }

        let state =
            match current with
            | Some(episode, (s: MountainCarState)) when episode = row.Episode -> s
            | _ -> { MountainCar.ofGymState row.Before with Steps = row.Step }

        if Array.map bits (MountainCar.toGymState state) <> Array.map bits row.Before || state.Steps <> row.Step then
            failures.Add $"episode {row.Episode} step {row.Step}: start state {describe (MountainCar.toGymState state)} (steps {state.Steps}), expected {describe row.Before}"

        let result = MountainCar.step parameters state row.Action

        if Array.map bits (MountainCar.toGymState result.State) <> Array.map bits row.After
           || result.Reward <> row.Reward
           || result.Terminated <> row.Terminated
           || result.Truncated <> row.Truncated then
            failures.Add
                $"episode {row.Episode} step {row.Step} action {row.Action}: got {describe (MountainCar.toGymState result.State)} terminated={result.Terminated} truncated={result.Truncated}, expected {describe row.After} terminated={row.Terminated} truncated={row.Truncated}"

        MountainCar.observe (result.State, Span observation)

        if Array.map BitConverter.SingleToInt32Bits observation <> Array.map BitConverter.SingleToInt32Bits row.Observation then
            failures.Add $"episode {row.Episode} step {row.Step}: observation {observation} expected {row.Observation}"

        Assert.Equal(result.Terminated || result.Truncated, result.State.Done)
        current <- Some(row.Episode, result.State)

    Assert.True(failures.Count = 0, $"{failures.Count} of {rows.Length} steps differ; first ones:\n" + String.Join("\n", Seq.truncate 5 failures))

[<Fact>]
let ``the registry's MountainCar-v0 replays the fixture through IEnvironment's OfGymState and ToGymState`` () =
    let replay =
        { new IEnvironmentVisitor<int> with
            member _.Visit<'State when 'State: struct>(env: IEnvironment<'State>) =
                let mutable mismatches = 0

                for row in rows.Force() do
                    let env = env.WithMaxSteps row.MaxSteps
                    let result = env.Step(env.OfGymState(row.Before, row.Step), row.Action)

                    if Array.map bits (env.ToGymState result.State) <> Array.map bits row.After
                       || result.Terminated <> row.Terminated
                       || result.Truncated <> row.Truncated then
                        mismatches <- mismatches + 1

                mismatches }

    Assert.Equal(0, (Environments.create ("MountainCar-v0", 0)).Accept replay)
