/// Deterministic random numbers: SplitMix64 to seed, xoshiro256** to draw (Blackman & Vigna 2018,
/// https://prng.di.unimi.it/). Never System.Random: its seeded sequence is not promised across .NET
/// versions. The state is an immutable struct; every draw returns the next state, so a stream is a
/// value that can be passed, stored and replayed.
namespace Lab.Core

/// The four 64-bit words of a xoshiro256** generator.
[<Struct>]
type Rng =
    { S0: uint64
      S1: uint64
      S2: uint64
      S3: uint64 }

[<RequireQualifiedAccess>]
module Rng =
    /// A generator whose four words are the first four outputs of SplitMix64 started at `seed`.
    [<CompiledName("Create")>]
    val create: seed: uint64 -> Rng

    /// An independent stream for (seed, name): the name is hashed with 64-bit FNV-1a, mixed with the
    /// seed through SplitMix64, and the result seeds a new generator. "env", "explore", "replay" and
    /// "init" streams of one seed do not overlap in practice.
    [<CompiledName("ForStream")>]
    val forStream: seed: uint64 -> name: string -> Rng

    /// The next 64 random bits.
    [<CompiledName("NextUInt64")>]
    val nextUInt64: rng: Rng -> struct (uint64 * Rng)

    /// Uniform in [0, 1) with 53 random bits.
    [<CompiledName("NextDouble")>]
    val nextDouble: rng: Rng -> struct (float * Rng)

    /// Uniform in [lo, hi).
    [<CompiledName("NextUniform")>]
    val nextUniform: lo: float -> hi: float -> rng: Rng -> struct (float * Rng)

    /// Uniform integer in [0, n) without modulo bias (Lemire's multiply-and-reject).
    [<CompiledName("NextInt")>]
    val nextInt: n: int -> rng: Rng -> struct (int * Rng)

    /// Standard normal by the Box–Muller transform (two uniforms per draw, the second discarded,
    /// so each draw consumes exactly two words: simple to reason about when replaying).
    [<CompiledName("NextNormal")>]
    val nextNormal: rng: Rng -> struct (float * Rng)

    /// Fills `destination` with uniform integers in [0, n) and returns the next state.
    [<CompiledName("FillInts")>]
    val fillInts: n: int * rng: Rng * destination: System.Span<int> -> Rng
