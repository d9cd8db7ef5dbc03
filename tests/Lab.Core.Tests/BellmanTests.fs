module Lab.Core.Tests.BellmanTests

open System
open Lab.Core
open Lab.Core.Tests.TestSupport
open FsCheck.FSharp
open Xunit

/// A random batch: rewards, terminal flags, online and target Q values (batch × actions), γ.
type private Batch =
    { Gamma: float32
      Rewards: float32[]
      Terminal: bool[]
      Online: float32[]
      Target: float32[]
      Actions: int }

let private value = Gen.choose (-2000, 2000) |> Gen.map (fun k -> float32 k / 16.0f)

let private batches =
    gen {
        let! n = Gen.choose (1, 40)
        let! actions = Gen.choose (1, 5)
        let! gamma = Gen.elements [ 0.0f; 0.5f; 0.9f; 0.99f; 1.0f ]
        let! rewards = Gen.arrayOfLength n value
        let! terminal = Gen.arrayOfLength n (Gen.elements [ true; false ])
        // Few distinct values so that ties in argmax are common.
        let! online = Gen.arrayOfLength (n * actions) (Gen.choose (-3, 3) |> Gen.map float32)
        let! target = Gen.arrayOfLength (n * actions) value

        return
            { Gamma = gamma
              Rewards = rewards
              Terminal = terminal
              Online = online
              Target = target
              Actions = actions }
    }
    |> Arb.fromGen

let private vanilla (b: Batch) =
    let y = Array.zeroCreate<float32> b.Rewards.Length
    Bellman.vanillaTargets (b.Gamma, ReadOnlySpan b.Rewards, ReadOnlySpan b.Terminal, ReadOnlySpan b.Target, b.Actions, Span y)
    y

let private double (b: Batch) =
    let y = Array.zeroCreate<float32> b.Rewards.Length

    Bellman.doubleTargets (
        b.Gamma,
        ReadOnlySpan b.Rewards,
        ReadOnlySpan b.Terminal,
        ReadOnlySpan b.Online,
        ReadOnlySpan b.Target,
        b.Actions,
        Span y
    )

    y

let private row (q: float32[]) actions i = q[i * actions .. i * actions + actions - 1]

[<Fact>]
let ``hand-checked vanilla and double targets`` () =
    // Two transitions, three actions, γ = 0.5.
    //   i = 0: r = 1, not terminal, Q_target(s') = [2, 6, 4] → y = 1 + 0.5 · 6 = 4
    //          Q_online(s') = [9, 0, 9]: argmax ties → action 0 → double y = 1 + 0.5 · 2 = 2
    //   i = 1: r = −1, terminal → y = −1 in both, whatever Q says (here NaN, which must not leak).
    let rewards = [| 1.0f; -1.0f |]
    let terminal = [| false; true |]
    let target = [| 2.0f; 6.0f; 4.0f; nanf; nanf; nanf |]
    let online = [| 9.0f; 0.0f; 9.0f; nanf; nanf; nanf |]
    let y = Array.zeroCreate<float32> 2
    Bellman.vanillaTargets (0.5f, ReadOnlySpan rewards, ReadOnlySpan terminal, ReadOnlySpan target, 3, Span y)
    Assert.Equal<float32[]>([| 4.0f; -1.0f |], y)
    Bellman.doubleTargets (0.5f, ReadOnlySpan rewards, ReadOnlySpan terminal, ReadOnlySpan online, ReadOnlySpan target, 3, Span y)
    Assert.Equal<float32[]>([| 2.0f; -1.0f |], y)

[<Fact>]
let ``y = r exactly where terminal, for both targets`` () =
    check (
        Prop.forAll batches (fun b ->
            let v = vanilla b
            let d = double b

            Array.indexed b.Terminal
            |> Array.forall (fun (i, t) ->
                not t
                || (BitConverter.SingleToInt32Bits v[i] = BitConverter.SingleToInt32Bits b.Rewards[i]
                    && BitConverter.SingleToInt32Bits d[i] = BitConverter.SingleToInt32Bits b.Rewards[i])))
    )

[<Fact>]
let ``vanilla bootstraps from the largest target value`` () =
    check (
        Prop.forAll batches (fun b ->
            let v = vanilla b

            Array.indexed b.Terminal
            |> Array.forall (fun (i, t) -> t || v[i] = b.Rewards[i] + b.Gamma * Array.max (row b.Target b.Actions i)))
    )

[<Fact>]
let ``targets lie between r + γ·min and r + γ·max of the target values; double ≤ vanilla`` () =
    check (
        Prop.forAll batches (fun b ->
            let v = vanilla b
            let d = double b

            Array.indexed b.Terminal
            |> Array.forall (fun (i, t) ->
                let q = row b.Target b.Actions i
                let lo = b.Rewards[i] + b.Gamma * Array.min q
                let hi = b.Rewards[i] + b.Gamma * Array.max q
                t || (lo <= d[i] && d[i] <= v[i] && v[i] <= hi)))
    )

[<Fact>]
let ``double uses the target value at the online argmax, lowest index among ties`` () =
    check (
        Prop.forAll batches (fun b ->
            let d = double b

            Array.indexed b.Terminal
            |> Array.forall (fun (i, t) ->
                let online = row b.Online b.Actions i
                let best = Array.max online
                let chosen = Array.findIndex ((=) best) online
                t || d[i] = b.Rewards[i] + b.Gamma * b.Target[i * b.Actions + chosen]))
    )

[<Fact>]
let ``double DQN with identical online and target values equals vanilla bit for bit`` () =
    check (
        Prop.forAll batches (fun b ->
            let same = { b with Online = b.Target }
            Array.map BitConverter.SingleToInt32Bits (double same) = Array.map BitConverter.SingleToInt32Bits (vanilla same))
    )

[<Fact>]
let ``argMax takes the lowest index among ties, as numpy`` () =
    Assert.Equal(0, Bellman.argMax (ReadOnlySpan [| 1.0f; 1.0f |]))
    Assert.Equal(1, Bellman.argMax (ReadOnlySpan [| 0.0f; 3.0f; 3.0f; -1.0f |]))
    Assert.Throws<ArgumentException>(fun () -> Bellman.argMax (ReadOnlySpan(Array.empty<float32>)) |> ignore) |> ignore

[<Fact>]
let ``wrong lengths are refused with ArgumentException`` () =
    let r = Array.zeroCreate<float32> 4
    let t = Array.zeroCreate<bool> 4
    let q = Array.zeroCreate<float32> 8
    let y = Array.zeroCreate<float32> 4

    let vanillaWith (r: float32[]) (t: bool[]) (q: float32[]) actions (y: float32[]) =
        fun () -> Bellman.vanillaTargets (0.9f, ReadOnlySpan r, ReadOnlySpan t, ReadOnlySpan q, actions, Span y)

    let doubleWith (online: float32[]) (target: float32[]) =
        fun () -> Bellman.doubleTargets (0.9f, ReadOnlySpan r, ReadOnlySpan t, ReadOnlySpan online, ReadOnlySpan target, 2, Span y)

    vanillaWith r t q 2 y ()

    for call in
        [ vanillaWith r t q 2 (Array.zeroCreate 3)
          vanillaWith r t q 2 (Array.zeroCreate 5)
          vanillaWith r (Array.zeroCreate 3) q 2 y
          vanillaWith r t (Array.zeroCreate 7) 2 y
          vanillaWith r t q 3 y
          vanillaWith r t q 0 y
          doubleWith (Array.zeroCreate 6) q
          doubleWith q (Array.zeroCreate 9) ] do
        Assert.ThrowsAny<ArgumentException>(Action call) |> ignore

[<Fact>]
let ``an empty batch is fine`` () =
    Bellman.vanillaTargets (0.9f, ReadOnlySpan.Empty, ReadOnlySpan.Empty, ReadOnlySpan.Empty, 2, Span.Empty)

[<Fact>]
let ``targets allocate nothing`` () =
    let n, actions = 512, 2
    let r = Array.create n 1.0f
    let t = Array.init n (fun i -> i % 7 = 0)
    let q = Array.init (n * actions) float32
    let y = Array.zeroCreate<float32> n

    let run () =
        Bellman.vanillaTargets (0.99f, ReadOnlySpan r, ReadOnlySpan t, ReadOnlySpan q, actions, Span y)
        Bellman.doubleTargets (0.99f, ReadOnlySpan r, ReadOnlySpan t, ReadOnlySpan q, ReadOnlySpan q, actions, Span y)

    run ()
    let before = GC.GetAllocatedBytesForCurrentThread()

    for _ in 1..100 do
        run ()

    Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before)

[<Fact>]
let ``a failure reward replaces the reward on termination only`` () =
    Assert.Equal(-100.0, Rewards.shape (ValueSome -100.0, 1.0, true))
    Assert.Equal(1.0, Rewards.shape (ValueSome -100.0, 1.0, false))
    Assert.Equal(0.0, Rewards.shape (ValueSome 0.0, 1.0, true))
    Assert.Equal(1.0, Rewards.shape (ValueNone, 1.0, true))

    check (fun (failure: float) (reward: float) (terminated: bool) ->
        let shaped = Rewards.shape (ValueSome failure, reward, terminated)
        let expected = if terminated then failure else reward
        BitConverter.DoubleToInt64Bits shaped = BitConverter.DoubleToInt64Bits expected)
