module Lab.Core.Tests.RngTests

open Lab.Core
open Lab.Core.Tests.TestSupport
open FsCheck.FSharp
open Xunit

let rec private take n rng =
    if n = 0 then []
    else
        let struct (x, next) = Rng.nextUInt64 rng
        x :: take (n - 1) next

let private orEmpty (s: string | null) =
    match s with
    | null -> ""
    | s -> s

let private doubles n rng =
    let mutable rng = rng
    [ for _ in 1..n do
          let struct (x, next) = Rng.nextDouble rng
          rng <- next
          x ]

[<Fact>]
let ``xoshiro256** matches the reference implementation's first outputs from state 1,2,3,4`` () =
    // Reference values from the C code at prng.di.unimi.it with s = {1, 2, 3, 4}.
    let rng = { S0 = 1UL; S1 = 2UL; S2 = 3UL; S3 = 4UL }
    Assert.Equal<uint64 list>([ 11520UL; 0UL; 1509978240UL; 1215971899390074240UL ], take 4 rng)

[<Fact>]
let ``the same seed and stream name give the same stream`` () =
    check (fun (seed: uint64) (name: string | null) ->
        let name = orEmpty name
        take 16 (Rng.forStream seed name) = take 16 (Rng.forStream seed name))

[<Fact>]
let ``different stream names of one seed give different streams`` () =
    check (fun (seed: uint64) (a: string | null) (b: string | null) ->
        let a, b = orEmpty a, orEmpty b
        a = b || take 4 (Rng.forStream seed a) <> take 4 (Rng.forStream seed b))

[<Fact>]
let ``the trainer's four streams of a seed are pairwise different`` () =
    check (fun (seed: uint64) ->
        let streams =
            [ "env"; "explore"; "replay"; "init" ]
            |> List.map (fun name -> take 4 (Rng.forStream seed name))

        List.distinct streams |> List.length = 4)

[<Fact>]
let ``different seeds give different streams`` () =
    check (fun (a: uint64) (b: uint64) -> a = b || take 4 (Rng.create a) <> take 4 (Rng.create b))

[<Fact>]
let ``nextInt stays in [0, n)`` () =
    check (fun (seed: uint64) (n: FsCheck.PositiveInt) ->
        let mutable rng = Rng.create seed
        let mutable ok = true

        for _ in 1..50 do
            let struct (k, next) = Rng.nextInt n.Get rng
            rng <- next
            ok <- ok && k >= 0 && k < n.Get

        ok)

// Lemire's rule, written out with big integers: the high 64 bits of bits × n, for the first draw whose
// low 64 bits are at least 2^64 mod n.
let private lemire (n: int) (rng: Rng) =
    let two64 = System.Numerics.BigInteger.Pow(2I, 64)
    let threshold = two64 % System.Numerics.BigInteger n
    let rec go rng =
        let struct (bits, next) = Rng.nextUInt64 rng
        let product = System.Numerics.BigInteger bits * System.Numerics.BigInteger n
        if product % two64 >= threshold then struct (int (product / two64), next) else go next
    go rng

[<Fact>]
let ``nextInt is Lemire's multiply-and-reject rule`` () =
    check (fun (seed: uint64) (n: FsCheck.PositiveInt) ->
        let rng = Rng.create seed
        Rng.nextInt n.Get rng = lemire n.Get rng)

[<Fact>]
let ``nextInt rejects a draw whose low half is under 2^64 mod n and takes the next one`` () =
    // S1 = 0 makes the first draw 0; 0 × 3 has low half 0 < 2^64 mod 3 = 1, so it is rejected
    let rng = { S0 = 1UL; S1 = 0UL; S2 = 2UL; S3 = 3UL }
    let struct (first, afterFirst) = Rng.nextUInt64 rng
    let struct (second, afterSecond) = Rng.nextUInt64 afterFirst
    Assert.Equal(0UL, first)
    let struct (k, after) = Rng.nextInt 3 rng
    Assert.Equal(int (System.Math.BigMul(second, 3UL) >>> 64), k)
    Assert.Equal(afterSecond, after)
    // with n = 1 the threshold is 0: the zero draw is kept
    let struct (k1, after1) = Rng.nextInt 1 rng
    Assert.Equal(0, k1)
    Assert.Equal(afterFirst, after1)

[<Fact>]
let ``nextInt refuses a bound that is not positive`` () =
    Assert.Throws<System.ArgumentException>(fun () -> Rng.nextInt 0 (Rng.create 1UL) |> ignore) |> ignore

[<Fact>]
let ``nextDouble stays in [0, 1)`` () =
    check (fun (seed: uint64) -> doubles 200 (Rng.create seed) |> List.forall (fun u -> u >= 0.0 && u < 1.0))

[<Fact>]
let ``nextDouble looks uniform: mean near 1/2 over 20,000 draws`` () =
    let values = doubles 20_000 (Rng.create 42UL)
    // Standard error of the mean is sqrt(1/12 / 20000) ≈ 0.002; 0.01 is five of them.
    Assert.InRange(List.average values, 0.49, 0.51)

[<Fact>]
let ``nextNormal has mean near 0 and variance near 1`` () =
    let mutable rng = Rng.forStream 7UL "init"

    let values =
        [| for _ in 1..20_000 do
               let struct (z, next) = Rng.nextNormal rng
               rng <- next
               z |]

    let mean = Array.average values
    let variance = values |> Array.averageBy (fun z -> (z - mean) * (z - mean))
    Assert.InRange(mean, -0.03, 0.03)
    Assert.InRange(variance, 0.95, 1.05)

[<Fact>]
let ``fillInts equals nextInt drawn one by one`` () =
    check (fun (seed: uint64) ->
        let buffer = Array.zeroCreate<int> 32
        let after = Rng.fillInts (10, Rng.create seed, System.Span buffer)
        let mutable rng = Rng.create seed

        let expected =
            [| for _ in 1..32 do
                   let struct (k, next) = Rng.nextInt 10 rng
                   rng <- next
                   k |]

        buffer = expected && after = rng)

[<Fact>]
let ``nextUniform stays in [lo, hi)`` () =
    let gen = Gen.choose (-1000, 1000) |> Gen.map float

    check (
        Prop.forAll (Arb.fromGen (Gen.zip gen gen)) (fun (a, b) ->
            let lo, hi = min a b, max a b + 1.0
            let mutable rng = Rng.create (uint64 (a * 7919.0 + b))
            let mutable ok = true

            for _ in 1..50 do
                let struct (x, next) = Rng.nextUniform lo hi rng
                rng <- next
                ok <- ok && x >= lo && x < hi

            ok)
    )
