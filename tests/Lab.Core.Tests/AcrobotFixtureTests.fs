/// Replays tests/fixtures/acrobot/trajectories.csv (Gymnasium 1.x's Acrobot step transcribed in
/// Python; see make_fixture.py there) through the public API (Acrobot.ofGymState, Acrobot.step,
/// Acrobot.toGymState, Acrobot.observe) and demands bit equality.
module Lab.Core.Tests.AcrobotFixtureTests

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
        (let lines = File.ReadAllLines(fixturePath (Path.Combine("acrobot", "trajectories.csv")))
         let f (s: string) = Double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)

         [| for line in Array.skip 1 lines do
                if not (String.IsNullOrWhiteSpace line) then
                    let c = line.Split ','

                    { Episode = int c[0]
                      Step = int c[1]
                      MaxSteps = int c[2]
                      Before = Array.map f c[3..6]
                      Action = int c[7]
                      After = Array.map f c[8..11]
                      Reward = f c[12]
                      Terminated = c[13] = "1"
                      Truncated = c[14] = "1"
                      Observation = Array.map (f >> float32) c[15..20] } |])

let private describe (v: float[]) =
    v |> Array.map (fun x -> x.ToString("R", CultureInfo.InvariantCulture)) |> String.concat ", "

[<Fact>]
let ``the fixture holds long episodes, every action, both endings, wrapping and clipping`` () =
    let rows = rows.Force()
    Assert.True(rows.Length >= 5000, $"{rows.Length} rows")

    for action in 0..2 do
        Assert.Contains(rows, fun r -> r.Action = action)

    Assert.Contains(rows, fun r -> r.Terminated && r.Reward = 0.0)
    Assert.Contains(rows, fun r -> r.Truncated && r.MaxSteps = 500 && r.Step = 499)
    Assert.Contains(rows, fun r -> r.Truncated && r.MaxSteps = 200)
    Assert.Contains(rows, fun r -> r.Truncated && r.Terminated)
    // Velocities clipped to exactly ±4π and ±9π.
    Assert.Contains(rows, fun r -> abs r.After[2] = Acrobot.v1.MaxVel1)
    Assert.Contains(rows, fun r -> abs r.After[3] = Acrobot.v1.MaxVel2)
    // Angles that crossed ±π during the step and were wrapped (sign flipped from near +π to near -π).
    Assert.Contains(rows, fun r -> r.Before[0] > 2.5 && r.After[0] < -2.5 || r.Before[0] < -2.5 && r.After[0] > 2.5)
    Assert.Contains(rows, fun r -> r.Before[1] > 2.5 && r.After[1] < -2.5 || r.Before[1] < -2.5 && r.After[1] > 2.5)

[<Fact>]
let ``reset states in the fixture are float32 values, as Gymnasium's astype(np.float32)`` () =
    // Episodes 0 to 24 start from make_fixture.reset; the later ones from hand-picked states.
    let starts = rows.Force() |> Array.filter (fun r -> r.Step = 0 && r.Episode <= 24)
    Assert.Equal(25, starts.Length)
    Assert.NotEmpty starts

    for r in starts do
        for v in r.Before do
            Assert.Equal(bits v, bits (float (float32 v)))

[<Fact>]
let ``the fixture tells pow(v, 2) (Gymnasium's v**2 on float64) from v * v`` () =
    // Gymnasium's _dsdt squares dtheta1, dtheta2 and d2 with `**`, numpy's scalar power, which is the
    // C library's pow and not always v*v; the fixture holds steps where that shows in the result.
    let rows = rows.Force()
    Assert.Contains(rows, fun r -> Math.Pow(r.Before[3], 2.0) <> r.Before[3] * r.Before[3])
    Assert.Contains(rows, fun r -> Math.Pow(r.Before[2], 2.0) <> r.Before[2] * r.Before[2])

[<Fact>]
let ``every recorded Gymnasium trajectory is reproduced bit for bit`` () =
    let rows = rows.Force()
    let failures = Collections.Generic.List<string>()
    let mutable current = None
    let observation = Array.zeroCreate<float32> 6

    for row in rows do
        let parameters = { Acrobot.v1 with MaxSteps = row.MaxSteps }

        // Chain within an episode: the state before each step is our own previous result, so whole
        // trajectories must match, not only single steps.
        let state =
            match current with
            | Some(episode, (s: AcrobotState)) when episode = row.Episode -> s
            | _ -> { Acrobot.ofGymState row.Before with Steps = row.Step }

        if Array.map bits (Acrobot.toGymState state) <> Array.map bits row.Before || state.Steps <> row.Step then
            failures.Add $"episode {row.Episode} step {row.Step}: start state {describe (Acrobot.toGymState state)} (steps {state.Steps}), expected {describe row.Before}"

        let result = Acrobot.step parameters state row.Action

        if Array.map bits (Acrobot.toGymState result.State) <> Array.map bits row.After
           || result.Reward <> row.Reward
           || result.Terminated <> row.Terminated
           || result.Truncated <> row.Truncated then
            failures.Add
                $"episode {row.Episode} step {row.Step} action {row.Action}: got {describe (Acrobot.toGymState result.State)} reward={result.Reward} terminated={result.Terminated} truncated={result.Truncated}, expected {describe row.After} reward={row.Reward} terminated={row.Terminated} truncated={row.Truncated}"

        Acrobot.observe (result.State, Span observation)

        if Array.map BitConverter.SingleToInt32Bits observation <> Array.map BitConverter.SingleToInt32Bits row.Observation then
            failures.Add $"episode {row.Episode} step {row.Step}: observation {observation} expected {row.Observation}"

        Assert.Equal(result.Terminated || result.Truncated, result.State.Done)
        current <- Some(row.Episode, result.State)

    Assert.True(failures.Count = 0, $"{failures.Count} of {rows.Length} steps differ; first ones:\n" + String.Join("\n", Seq.truncate 5 failures))

[<Fact>]
let ``the registry's Acrobot-v1 replays the fixture through IEnvironment's OfGymState and ToGymState`` () =
    // The same replay as a caller holding only the registry's handle does it.
    let replay =
        { new IEnvironmentVisitor<int> with
            member _.Visit<'State when 'State: struct>(env: IEnvironment<'State>) =
                let mutable mismatches = 0

                for row in rows.Force() do
                    let env = env.WithMaxSteps row.MaxSteps
                    let result = env.Step(env.OfGymState(row.Before, row.Step), row.Action)

                    if Array.map bits (env.ToGymState result.State) <> Array.map bits row.After
                       || result.Terminated <> row.Terminated
                       || result.Truncated <> row.Truncated
                       || result.Reward <> row.Reward then
                        mismatches <- mismatches + 1

                mismatches }

    Assert.Equal(0, (Environments.create ("Acrobot-v1", 0)).Accept replay)
