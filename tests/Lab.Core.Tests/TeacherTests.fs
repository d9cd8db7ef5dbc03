module Lab.Core.Tests.TeacherTests

open System
open Lab.Core
open Xunit

let private act teacher (observation: float32[]) = Teacher.action (teacher, ReadOnlySpan observation)

[<Fact>]
let ``CartPole's teacher pushes right exactly when theta + 0.5 theta_dot is positive, whatever the cart does`` () =
    // 0.1 + 0.5 * -0.1 = 0.05 > 0; 0.1 + 0.5 * -0.3 = -0.05; the cart's x and x_dot do not count.
    Assert.Equal(1, act CartPoleFeedback [| 0f; 0f; 0.1f; -0.1f |])
    Assert.Equal(0, act CartPoleFeedback [| 0f; 0f; 0.1f; -0.3f |])
    Assert.Equal(0, act CartPoleFeedback [| 2f; 3f; -0.01f; 0f |])
    Assert.Equal(1, act CartPoleFeedback [| -2f; -3f; 0f; 0.01f |])

[<Fact>]
let ``MountainCar's teacher pushes the way the car moves (right when standing)`` () =
    Assert.Equal(2, act MountainCarMomentum [| -0.5f; 0.01f |])
    Assert.Equal(0, act MountainCarMomentum [| -0.5f; -0.01f |])
    Assert.Equal(2, act MountainCarMomentum [| -0.5f; 0f |])

[<Fact>]
let ``Acrobot's teacher torques against the first joint's swing`` () =
    Assert.Equal(0, act AcrobotSwing [| 1f; 0f; 1f; 0f; 0.5f; 0f |])
    Assert.Equal(2, act AcrobotSwing [| 1f; 0f; 1f; 0f; -0.5f; 9f |])

[<Fact>]
let ``a teacher refuses an observation shorter than its environment's`` () =
    Assert.Throws<ArgumentException>(fun () -> act CartPoleFeedback [| 0f; 0f |] |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> act AcrobotSwing [| 0f; 0f; 0f; 0f |] |> ignore) |> ignore

[<Fact>]
let ``each teacher drives its own family and no other`` () =
    Assert.True(Teacher.drives CartPoleFeedback "CartPole-v0")
    Assert.True(Teacher.drives CartPoleFeedback "CartPole-v1")
    Assert.False(Teacher.drives CartPoleFeedback "Acrobot-v1")
    Assert.True(Teacher.drives MountainCarMomentum "MountainCar-v0")
    Assert.False(Teacher.drives MountainCarMomentum "CartPole-v1")
    Assert.True(Teacher.drives AcrobotSwing "Acrobot-v1")
    Assert.False(Teacher.drives AcrobotSwing "MountainCar-v0")

[<Fact>]
let ``the threshold is the initial max Q minus the margin, and at or below it the agent is in trouble`` () =
    Assert.Equal(9.8, Teacher.threshold 10.0 0.2, 12)
    Assert.True(Teacher.inTrouble 9.8 9.8)
    Assert.True(Teacher.inTrouble 9.8 9.0)
    Assert.False(Teacher.inTrouble 9.8 9.81)
    Assert.True(Teacher.inTrouble 9.8 Double.NaN)

/// Plays `teacher` on `env` from 100 start states of one stream: (return, terminated) of each episode.
let private episodes (handle: EnvironmentHandle) teacher =
    handle.Accept
        { new IEnvironmentVisitor<(float * bool) list> with
            member _.Visit<'S when 'S: struct>(env: IEnvironment<'S>) =
                let observation = Array.zeroCreate<float32> env.ObservationSize
                let mutable rng = Rng.forStream 7UL "env"

                [ for _ in 1..100 do
                      let struct (start, next) = env.Reset rng
                      rng <- next
                      let mutable state = start
                      let mutable total = 0.0
                      let mutable ended = None

                      while ended.IsNone do
                          env.Observe(state, Span observation)
                          let result = env.Step(state, Teacher.action (teacher, ReadOnlySpan observation))
                          total <- total + result.Reward
                          state <- result.State

                          if result.Terminated || result.Truncated then
                              ended <- Some result.Terminated

                      yield total, ended.Value ] }

[<Fact>]
let ``the CartPole teacher balances CartPole-v1 for all 500 steps from every start`` () =
    let played = episodes (Environments.create ("CartPole-v1", 0)) CartPoleFeedback
    Assert.All(played, fun (total, terminated) -> Assert.Equal((500.0, false), (total, terminated)))

[<Fact>]
let ``the MountainCar and Acrobot teachers reach the goal from every start, well inside the caps`` () =
    let car = episodes (Environments.create ("MountainCar-v0", 0)) MountainCarMomentum
    let arm = episodes (Environments.create ("Acrobot-v1", 0)) AcrobotSwing
    Assert.All(car, fun (_, terminated) -> Assert.True terminated)
    Assert.All(arm, fun (_, terminated) -> Assert.True terminated)
    // Gymnasium's solved-at: -110 (MountainCar) and -100 (Acrobot) as a mean.
    Assert.InRange(car |> List.averageBy fst, -130.0, -100.0)
    Assert.InRange(arm |> List.averageBy fst, -100.0, -60.0)
