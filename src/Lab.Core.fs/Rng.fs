namespace Lab.Core

open System

[<Struct>]
type Rng =
    { S0: uint64
      S1: uint64
      S2: uint64
      S3: uint64 }

[<RequireQualifiedAccess>]
module Rng =
    let inline private rotl (x: uint64) (k: int) = (x <<< k) ||| (x >>> (64 - k))

    let inline private splitMix (state: uint64) =
        let s = state + 0x9E3779B97F4A7C15UL
        let z = (s ^^^ (s >>> 30)) * 0xBF58476D1CE4E5B9UL
        let z = (z ^^^ (z >>> 27)) * 0x94D049BB133111EBUL
        struct (z ^^^ (z >>> 31), s)

    [<CompiledName("Create")>]
    let create (seed: uint64) =
        let struct (a, s) = splitMix seed
        let struct (b, s) = splitMix s
        let struct (c, s) = splitMix s
        let struct (d, _) = splitMix s
        { S0 = a; S1 = b; S2 = c; S3 = d }

    let private fnv1a (text: string) =
        let mutable h = 0xCBF29CE484222325UL
        for ch in text do
            h <- (h ^^^ uint64 ch) * 0x100000001B3UL
        h

    [<CompiledName("ForStream")>]
    let forStream (seed: uint64) (name: string) =
        let struct (mixed, _) = splitMix (seed ^^^ fnv1a name)
        create mixed

    [<CompiledName("NextUInt64")>]
    let nextUInt64 (rng: Rng) =
        let result = rotl (rng.S1 * 5UL) 7 * 9UL
        let t = rng.S1 <<< 17
        let s2 = rng.S2 ^^^ rng.S0
        let s3 = rng.S3 ^^^ rng.S1
        let s1 = rng.S1 ^^^ s2
        let s0 = rng.S0 ^^^ s3
        let s2 = s2 ^^^ t
        let s3 = rotl s3 45
        struct (result, { S0 = s0; S1 = s1; S2 = s2; S3 = s3 })

    [<CompiledName("NextDouble")>]
    let nextDouble (rng: Rng) =
        let struct (bits, next) = nextUInt64 rng
        struct (float (bits >>> 11) * (1.0 / 9007199254740992.0), next)

    [<CompiledName("NextUniform")>]
    let nextUniform (lo: float) (hi: float) (rng: Rng) =
        let struct (u, next) = nextDouble rng
        struct (lo + (hi - lo) * u, next)

    [<CompiledName("NextInt")>]
    let nextInt (n: int) (rng: Rng) =
        if n <= 0 then
            invalidArg (nameof n) $"n must be positive, got {n}"

        // Lemire's multiply-and-reject: a draw is kept when the product's low half is at least
        // 2^64 mod n; that threshold is below n, so the division is only needed when low < n.
        let bound = uint64 n
        let mutable state = rng
        let mutable result = -1

        while result < 0 do
            let struct (bits, next) = nextUInt64 state
            state <- next
            let mutable low = 0UL
            let high = Math.BigMul(bits, bound, &low)
            if low >= bound || low >= (0UL - bound) % bound then
                result <- int high

        struct (result, state)

    [<CompiledName("NextNormal")>]
    let nextNormal (rng: Rng) =
        let struct (u1, rng) = nextDouble rng
        let struct (u2, rng) = nextDouble rng
        // 1 - u1 is in (0, 1], so the logarithm is finite.
        let radius = sqrt (-2.0 * log (1.0 - u1))
        struct (radius * cos (2.0 * Math.PI * u2), rng)

    [<CompiledName("FillInts")>]
    let fillInts (n: int, rng: Rng, destination: Span<int>) =
        let mutable state = rng
        for i in 0 .. destination.Length - 1 do
            let struct (value, next) = nextInt n state
            destination[i] <- value
            state <- next
        state
